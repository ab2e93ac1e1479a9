package org.backprop4j.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.data.CsvSchema.Column;
import org.backprop4j.data.CsvSchema.Kind;
import org.backprop4j.tensor.Matrix;

/** Encodes the rows of one file with a schema. */
final class CsvEncoder {
    private final CsvRows rows;
    private final CsvSchema schema;
    private final CsvOptions o;
    private final int n;                 // columns in the file
    private final Column[] col;          // schema column of each file column
    private final int[] featureAt;       // first feature of each file column
    private final int[] targetAt;        // position among the targets of each file target column
    private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();
    private final Map<String, Integer> classIndex = new HashMap<>();
    private final boolean withTargets;

    CsvEncoder(CsvRows rows, CsvSchema schema, CsvOptions o) throws DataFormatException {
        this.rows = rows;
        this.schema = schema;
        this.o = o;
        List<String> names = rows.names;
        n = names.size();
        col = new Column[n];
        List<Column> sc = schema.columns();
        int targets = schema.targetColumns().size();
        boolean present;
        if (rows.header) {
            for (int i = 0; i < n; i++) {
                col[i] = schema.column(names.get(i));
                if (col[i] == null)
                    throw rows.error(rows.headerLine, rows.column(i) + " is not in the model's schema, whose columns are: "
                            + Numbers.quoteAll(names(sc), 30));
            }
            int found = 0;
            String foundName = null, missingName = null;
            for (Column c : sc) {
                boolean here = names.contains(c.name());
                if (c.isFeature() && !here)
                    throw rows.error(rows.headerLine, "column " + Numbers.quote(c.name()) + " of the model's schema is"
                            + " missing; the file's columns are: " + Numbers.quoteAll(names, 30));
                if (c.kind() == Kind.TARGET) {
                    if (here) { found++; foundName = c.name(); } else missingName = c.name();
                }
            }
            if (found != 0 && found != targets)
                throw rows.error(rows.headerLine, "target column " + Numbers.quote(missingName) + " is missing while "
                        + Numbers.quote(foundName) + " is there; give all target columns or none");
            present = found == targets;
        } else {
            if (n == sc.size()) {
                for (int i = 0; i < n; i++) col[i] = sc.get(i);
                present = true;
            } else if (n == sc.size() - targets) {
                int i = 0;
                for (Column c : sc) if (c.kind() != Kind.TARGET) col[i++] = c;
                present = false;
            } else {
                throw rows.error(rows.headerLine, n + " fields, expected " + sc.size() + " (the columns of the model's"
                        + " schema) or " + (sc.size() - targets) + " (without the target columns)");
            }
        }
        withTargets = present;
        featureAt = new int[n];
        targetAt = new int[n];
        Map<String, Integer> featureOffset = new HashMap<>(), targetOffset = new HashMap<>();
        int f = 0, t = 0;
        for (Column c : sc) {
            if (c.isFeature()) { featureOffset.put(c.name(), f); f += c.width(); }
            if (c.kind() == Kind.TARGET) targetOffset.put(c.name(), t++);
        }
        for (int i = 0; i < n; i++) {
            featureAt[i] = featureOffset.getOrDefault(col[i].name(), -1);
            targetAt[i] = targetOffset.getOrDefault(col[i].name(), -1);
            Map<String, Integer> idx = null;
            if (col[i].kind() == Kind.CATEGORICAL) {
                idx = new HashMap<>();
                List<String> cats = col[i].categories();
                for (int k = 0; k < cats.size(); k++) idx.put(cats.get(k), k);
            }
            categoryIndex.add(idx);
        }
        if (schema.classNames() != null)
            for (int k = 0; k < schema.classNames().size(); k++) classIndex.put(schema.classNames().get(k), k);
    }

    CsvResult run() throws IOException {
        int d = schema.featureCount();
        boolean regression = schema.task() == Task.REGRESSION;
        int k = regression ? schema.targetColumns().size() : 0;
        FlatBuffer x = new FlatBuffer(o.precision(), (int) Math.min(1L << 20, 1024L * d));
        FlatBuffer y = new FlatBuffer(o.precision(), (int) Math.min(1L << 20, 1024L * k));
        int[] labels = new int[1024];
        double[] xr = new double[d], yr = new double[Math.max(k, 1)];
        int[] imputed = new int[n];
        List<Integer> droppedLines = new ArrayList<>();
        int rowCount = 0;
        double[] value = new double[n];
        for (List<String> r = rows.next(); r != null; r = rows.next()) {
            // numbers first: text is an error, a non-finite value may drop the whole row
            boolean drop = false;
            for (int i = 0; i < n; i++) {
                if (!isNumeric(col[i], regression)) continue;
                String v = r.get(i).strip();
                if (!v.isEmpty() && !Numbers.isNumber(v)) throw rows.notANumber(i, v);
                double val = v.isEmpty() ? Double.NaN : Numbers.parse(v);
                if (!Double.isFinite(val)) {
                    if (rows.nonFinite(i, v, col[i].kind() == Kind.TARGET, o.nonFinite())) drop = true;
                    else {                                      // impute (a feature: targets were refused)
                        if (Double.isNaN(col[i].mean()))
                            throw rows.error(rows.fieldLine(i), rows.column(i) + ": cannot impute " + CsvRows.describe(v)
                                    + ": the column had no finite value in the training file");
                        val = col[i].mean();
                        imputed[i]++;
                    }
                }
                value[i] = val;
            }
            if (drop) { droppedLines.add(rows.line()); continue; }
            Arrays.fill(xr, 0);
            int label = -1;
            for (int i = 0; i < n; i++) {
                Column c = col[i];
                if (isNumeric(c, regression)) {
                    if (c.kind() == Kind.TARGET) yr[targetAt[i]] = value[i]; else xr[featureAt[i]] = value[i];
                } else if (c.kind() == Kind.CATEGORICAL) {
                    String v = r.get(i).strip();
                    Integer idx = categoryIndex.get(i).get(v);
                    if (idx == null)
                        throw rows.error(rows.fieldLine(i), rows.column(i) + ": category " + Numbers.quote(v)
                                + " was not in the training data; known categories: " + Numbers.quoteAll(c.categories(), 20));
                    xr[featureAt[i] + idx] = 1;
                } else if (c.kind() == Kind.TARGET && withTargets) {   // classification label
                    String v = r.get(i).strip();
                    if (v.isEmpty()) throw rows.emptyLabel(i);
                    Integer idx = classIndex.get(v);
                    if (idx == null)
                        throw rows.error(rows.fieldLine(i), rows.column(i) + ": class " + Numbers.quote(v)
                                + " is not one of the model's " + classIndex.size() + " classes: "
                                + Numbers.quoteAll(schema.classNames(), 20));
                    label = idx;
                }
            }
            x.add(xr, d);
            if (regression && withTargets) y.add(yr, k);
            if (!regression && withTargets) {
                if (rowCount == labels.length) labels = Arrays.copyOf(labels, labels.length * 2);
                labels[rowCount] = label;
            }
            rowCount++;
        }
        if (rowCount == 0) {
            if (droppedLines.isEmpty()) throw rows.noRows();
            throw rows.allDropped(droppedLines.size());
        }
        Matrix features = x.toMatrix(rowCount, d);
        List<CsvResult.Imputation> imputations = new ArrayList<>();
        for (int i = 0; i < n; i++)
            if (imputed[i] > 0) imputations.add(new CsvResult.Imputation(col[i].name(), imputed[i], col[i].mean()));
        Dataset data = null;
        if (withTargets) {
            if (regression) {
                data = new Dataset(features, y.toMatrix(rowCount, k), null, null, schema.featureNames());
            } else {
                int[] lab = Arrays.copyOf(labels, rowCount);
                Dataset c = Dataset.classification(features, lab, schema.classNames().size(), schema.oneOutput());
                data = new Dataset(features, c.targets(), lab, schema.classNames(), schema.featureNames());
            }
        }
        return new CsvResult(features, data, schema, droppedLines, imputations);
    }

    /** A column read as a number here: a numeric feature, or a regression target that the file has. */
    private boolean isNumeric(Column c, boolean regression) {
        return c.kind() == Kind.NUMERIC || (c.kind() == Kind.TARGET && regression && withTargets);
    }

    private static List<String> names(List<Column> cols) {
        List<String> out = new ArrayList<>();
        for (Column c : cols) out.add(c.name());
        return out;
    }
}
