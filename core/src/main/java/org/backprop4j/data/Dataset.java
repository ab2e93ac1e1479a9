package org.backprop4j.data;

import java.util.Arrays;
import java.util.List;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * Samples as rows: features X [n × d] and targets T [n × k] (one-hot rows for classification, 0/1
 * for binary outputs, real values for regression), plus the integer labels when the task is
 * classification. Immutable in shape; the matrices are shared, not copied.
 */
public final class Dataset {
    private final Matrix features;
    private final Matrix targets;
    private final int[] labels;
    private final List<String> classNames;
    private final List<String> featureNames;
    private final double[] weights;

    /**
     * @param labels class of each row, or null for regression; when given, its length must be n
     */
    public Dataset(Matrix features, Matrix targets, int[] labels) {
        this(features, targets, labels, null, null);
    }

    /**
     * A dataset with names: {@code classNames} (index = class number) and {@code featureNames}
     * (one per feature column) may each be null.
     */
    public Dataset(Matrix features, Matrix targets, int[] labels, List<String> classNames, List<String> featureNames) {
        this(features, targets, labels, classNames, featureNames, null);
    }

    private Dataset(Matrix features, Matrix targets, int[] labels, List<String> classNames, List<String> featureNames,
                    double[] weights) {
        if (features.rows() != targets.rows())
            throw new IllegalArgumentException("dataset: " + features.rows() + " feature rows but " + targets.rows()
                    + " target rows");
        if (labels != null && labels.length != features.rows())
            throw new IllegalArgumentException("dataset: " + features.rows() + " rows but " + labels.length + " labels");
        this.features = features;
        this.targets = targets;
        this.labels = labels == null ? null : labels.clone();
        if (featureNames != null && featureNames.size() != features.cols())
            throw new IllegalArgumentException("dataset: " + features.cols() + " feature columns but "
                    + featureNames.size() + " feature names");
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        this.featureNames = featureNames == null ? null : List.copyOf(featureNames);
        if (weights != null) {
            if (weights.length != features.rows())
                throw new IllegalArgumentException("dataset: " + features.rows() + " rows but " + weights.length
                        + " sample weights");
            for (int r = 0; r < weights.length; r++)
                if (!(weights[r] >= 0) || Double.isInfinite(weights[r]))
                    throw new IllegalArgumentException("dataset: sample weight of row " + r + " is " + weights[r]
                            + "; weights must be finite and >= 0");
        }
        this.weights = weights == null ? null : weights.clone();
    }

    /**
     * The same data with a weight per sample (finite, ≥ 0; null removes them). Training minimises
     * Σ wᵢℓᵢ / Σ wᵢ over each batch; metrics can weight by them too.
     */
    public Dataset withSampleWeights(double[] w) {
        return new Dataset(features, targets, labels, classNames, featureNames, w);
    }

    /** True when the rows carry sample weights. */
    public boolean hasSampleWeights() { return weights != null; }

    /** A copy of the sample weights, or null when the rows are unweighted. */
    public double[] sampleWeights() { return weights == null ? null : weights.clone(); }

    /** The weight of row r: 1 when the rows are unweighted. */
    public double sampleWeight(int r) { return weights == null ? 1.0 : weights[r]; }

    /** The same data with class names (index = class number). */
    public Dataset withClassNames(List<String> names) {
        return new Dataset(features, targets, labels, names, featureNames, weights);
    }

    /** The same data with one name per feature column. */
    public Dataset withFeatureNames(List<String> names) {
        return new Dataset(features, targets, labels, classNames, names, weights);
    }

    /** Class names (index = class number), or null when unknown. */
    public List<String> classNames() { return classNames; }

    /** Feature names, one per column, or null when unknown. */
    public List<String> featureNames() { return featureNames; }

    /** Regression or explicit targets from arrays (float64 storage). */
    public static Dataset of(double[][] x, double[][] t) {
        return new Dataset(Matrix.of(x, Precision.FLOAT64), Matrix.of(t, Precision.FLOAT64), null);
    }

    /**
     * Classification: labels in [0, classes). For {@code classes == 2} with {@code oneOutput} the
     * target is one 0/1 column (a sigmoid output); otherwise one-hot rows of length classes.
     */
    public static Dataset classification(Matrix x, int[] labels, int classes, boolean oneOutput) {
        if (labels.length != x.rows())
            throw new IllegalArgumentException("dataset: " + x.rows() + " rows but " + labels.length + " labels");
        if (oneOutput && classes != 2)
            throw new IllegalArgumentException("one output column needs 2 classes, got " + classes);
        int k = oneOutput ? 1 : classes;
        Matrix t = Matrix.zeros(x.rows(), k, x.precision());
        for (int r = 0; r < labels.length; r++) {
            int c = labels[r];
            if (c < 0 || c >= classes)
                throw new IllegalArgumentException("row " + r + ": label " + c + " outside [0, " + classes + ")");
            if (oneOutput) t.set(r, 0, c); else t.set(r, c, 1.0);
        }
        return new Dataset(x, t, labels);
    }

    /** One-hot classification with {@code classes} outputs. */
    public static Dataset classification(Matrix x, int[] labels, int classes) {
        return classification(x, labels, classes, false);
    }

    public Matrix features() { return features; }

    public Matrix targets() { return targets; }

    /** A copy of the labels, or null for regression. */
    public int[] labels() { return labels == null ? null : labels.clone(); }

    /** True when the dataset carries class labels. */
    public boolean hasLabels() { return labels != null; }

    /** Label of row r (classification only). */
    public int label(int r) { return labels[r]; }

    /** Number of samples. */
    public int size() { return features.rows(); }

    /** Number of features per sample. */
    public int featureCount() { return features.cols(); }

    /** Number of target columns. */
    public int targetCount() { return targets.cols(); }

    /** Rows [from, to) as a new dataset (copied). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from >= to)
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a dataset of " + size() + " rows");
        Matrix x = Matrix.zeros(to - from, featureCount(), features.precision());
        Matrix t = Matrix.zeros(to - from, targetCount(), targets.precision());
        Matrix.copyRows(features, from, x, 0, to - from);
        Matrix.copyRows(targets, from, t, 0, to - from);
        return new Dataset(x, t, labels == null ? null : Arrays.copyOfRange(labels, from, to), classNames, featureNames,
                weights == null ? null : Arrays.copyOfRange(weights, from, to));
    }

    /** The true class of row r: its label, or from the targets (argmax, or ≥ 0.5 for one column). */
    public int trueClass(int r) {
        if (labels != null) return labels[r];
        return org.backprop4j.network.Network.classOf(targets, r);
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " rows, " + featureCount() + " features, " + targetCount() + " targets"
                + (labels != null ? ", labelled" : "") + (weights != null ? ", weighted" : "") + "]";
    }
}
