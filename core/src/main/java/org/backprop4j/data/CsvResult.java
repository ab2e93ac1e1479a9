package org.backprop4j.data;

import java.util.List;
import org.backprop4j.tensor.Matrix;

/**
 * What {@link CsvLoader} read: the encoded features, the targets when the file has its label/target
 * columns, the schema used, and what the {@link NonFinitePolicy} did.
 */
public final class CsvResult {
    /**
     * Values filled in by {@link NonFinitePolicy#IMPUTE}.
     *
     * @param column the column's name
     * @param count  how many values of the column were filled (missing, NaN or infinite)
     * @param value  the value filled in: the column's mean over the finite training values
     */
    public record Imputation(String column, int count, double value) {}

    private final Matrix features;
    private final Dataset dataset;
    private final CsvSchema schema;
    private final List<Integer> droppedLines;
    private final List<Imputation> imputations;

    CsvResult(Matrix features, Dataset dataset, CsvSchema schema, List<Integer> droppedLines,
              List<Imputation> imputations) {
        this.features = features;
        this.dataset = dataset;
        this.schema = schema;
        this.droppedLines = List.copyOf(droppedLines);
        this.imputations = List.copyOf(imputations);
    }

    /** The features [rows × schema.featureCount()], one row per kept data row, in file order. */
    public Matrix features() { return features; }

    /** True when the file had the target columns, so that {@link #dataset()} is available. */
    public boolean hasTargets() { return dataset != null; }

    /**
     * The features with targets, labels (classification), class names and feature names.
     *
     * @throws IllegalStateException when the file lacked the target columns (a prediction input)
     */
    public Dataset dataset() {
        if (dataset == null)
            throw new IllegalStateException("the file has no target column " + schema.targetColumns()
                    + ", so there is no dataset with targets; use features()");
        return dataset;
    }

    /** The encoding used: fitted on this file, or the one given. */
    public CsvSchema schema() { return schema; }

    /** Number of data rows read into {@link #features()}. */
    public int rows() { return features.rows(); }

    /** Number of data rows skipped by {@link NonFinitePolicy#DROP} (0 under the other policies). */
    public int droppedRows() { return droppedLines.size(); }

    /** The physical line (from 1) where each dropped row starts, ascending. */
    public List<Integer> droppedLines() { return droppedLines; }

    /** Per column with filled values, what {@link NonFinitePolicy#IMPUTE} filled; empty otherwise. */
    public List<Imputation> imputations() { return imputations; }

    @Override
    public String toString() {
        return "CsvResult[" + rows() + " rows, " + features.cols() + " features" + (hasTargets() ? ", with targets" : "")
                + (droppedLines.isEmpty() ? "" : ", " + droppedLines.size() + " dropped")
                + (imputations.isEmpty() ? "" : ", " + imputations.size() + " columns imputed") + "]";
    }
}
