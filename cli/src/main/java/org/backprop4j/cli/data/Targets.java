package org.backprop4j.cli.data;

import org.backprop4j.cli.CliException;
import org.backprop4j.data.Dataset;

/**
 * Fits a dataset's targets to a network's outputs: labels become one-hot rows of the network's
 * width (softmax, or any k-output network), or one 0/1 column for a single sigmoid output; real
 * targets (regression, and the 0/1 columns of multi-label data) must already have one column per
 * output. Sample weights stay with their rows.
 */
public final class Targets {
    private Targets() {}

    /** Number of classes of a labelled dataset: its class names, or the largest label + 1; at least 2. */
    public static int classes(Dataset d) {
        int max = 0;
        for (int r = 0; r < d.size(); r++) max = Math.max(max, d.label(r));
        int k = Math.max(2, max + 1);
        return d.classNames() != null ? Math.max(k, d.classNames().size()) : k;
    }

    /**
     * The number of outputs a network needs for this data: the classes (1 for two classes with a
     * sigmoid output), or the target columns for regression.
     */
    public static int outputsFor(Dataset d, String outputActivation) {
        if (!d.hasLabels()) return d.targetCount();
        int k = classes(d);
        return k == 2 && outputActivation.equals("sigmoid") ? 1 : k;
    }

    /**
     * The dataset with targets for a network of {@code outputs} outputs.
     *
     * @param role names the data in messages ("training data", "test data")
     * @throws CliException when the data does not fit
     */
    public static Dataset encode(Dataset d, int outputs, String role) {
        if (!d.hasLabels()) {
            if (d.targetCount() != outputs)
                throw new CliException(role + " has " + d.targetCount() + " target column(s) but the network has "
                        + outputs + " output(s); change the last number of --layers");
            return d;
        }
        int max = 0;
        for (int r = 0; r < d.size(); r++) max = Math.max(max, d.label(r));
        if (outputs == 1) {
            if (max > 1)
                throw new CliException(role + " has labels up to " + max + " but the network has one output, which"
                        + " separates two classes; give --layers ...," + (max + 1) + " --output softmax");
            return named(Dataset.classification(d.features(), d.labels(), 2, true), d);
        }
        if (max >= outputs)
            throw new CliException(role + " has labels up to " + max + " (" + (max + 1) + " classes) but the network"
                    + " has " + outputs + " outputs; make the last number of --layers " + (max + 1) + " (or auto)");
        return named(Dataset.classification(d.features(), d.labels(), outputs), d);
    }

    private static Dataset named(Dataset encoded, Dataset from) {
        Dataset d = new Dataset(encoded.features(), encoded.targets(), encoded.labels(), from.classNames(), from.featureNames());
        return from.hasSampleWeights() ? d.withSampleWeights(from.sampleWeights()) : d;
    }

    /**
     * Checks that every target of multi-label data is 0 or 1.
     *
     * @param columns the names of the target columns (null: numbered from 0)
     * @throws CliException naming the file, column, row and value otherwise
     */
    public static void requireZeroOne(Dataset d, java.util.List<String> columns, String file) {
        org.backprop4j.tensor.Matrix t = d.targets();
        for (int r = 0; r < t.rows(); r++)
            for (int j = 0; j < t.cols(); j++) {
                double v = t.get(r, j);
                if (v != 0 && v != 1)
                    throw new CliException(file + ": column \"" + (columns != null ? columns.get(j) : Integer.toString(j))
                            + "\" holds " + number(v) + " in data row " + (r + 1) + "; a multi-label target is 0 or 1");
            }
    }

    /** A number as a message shows it: 2, -0.5, 1.0E-12. */
    public static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
