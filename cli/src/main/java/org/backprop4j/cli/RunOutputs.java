package org.backprop4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.cli.eval.Evaluation;
import org.backprop4j.cli.output.History;
import org.backprop4j.cli.output.HistoryRow;
import org.backprop4j.cli.output.Json;
import org.backprop4j.cli.output.OutputFiles;
import org.backprop4j.cli.plot.Chart;
import org.backprop4j.cli.plot.ConfusionMatrixChart;
import org.backprop4j.cli.plot.DecisionBoundaryChart;
import org.backprop4j.cli.plot.LineChart;
import org.backprop4j.cli.plot.Palette;
import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;

/** The files of a training run besides the model and the manifest: history, plots, evaluation. */
final class RunOutputs {
    private RunOutputs() {}

    /** history.csv, history.json, loss.png/.svg and, for classification, accuracy.png/.svg. */
    static void history(OutputFiles out, List<HistoryRow> rows, String lossName, boolean classification) throws IOException {
        History.writeCsv(rows, out.stage("history.csv"));
        History.writeJson(rows, out.stage("history.json"));
        int n = rows.size();
        double[] epoch = new double[n], loss = new double[n], vloss = new double[n], acc = new double[n], vacc = new double[n];
        for (int i = 0; i < n; i++) {
            HistoryRow r = rows.get(i);
            epoch[i] = r.epoch();
            loss[i] = r.loss();
            vloss[i] = r.valLoss();
            acc[i] = r.accuracy();
            vacc[i] = r.valAccuracy();
        }
        LineChart lc = new LineChart("Loss per epoch", "epoch", "loss (" + lossName + ")").integerX()
                .yBounds(0, Double.POSITIVE_INFINITY)
                .add(new LineChart.Series("training", epoch, loss, Palette.color(0), false))
                .add(new LineChart.Series("validation", epoch, vloss, Palette.color(1), true));
        both(out, lc, "loss");
        if (classification) {
            LineChart ac = new LineChart("Accuracy per epoch", "epoch", "accuracy").integerX().yBounds(0, 1)
                    .add(new LineChart.Series("training", epoch, acc, Palette.color(0), false))
                    .add(new LineChart.Series("validation", epoch, vacc, Palette.color(1), true));
            both(out, ac, "accuracy");
        }
    }

    /** confusion-matrix.png/.svg of a classification evaluation on the named data. */
    static void confusion(OutputFiles out, Evaluation e, String dataName) throws IOException {
        if (e == null || e.classification() == null) return;
        String title = String.format(Locale.ROOT, "Confusion matrix, %s (accuracy %.1f%%)", dataName, 100 * e.accuracy());
        both(out, new ConfusionMatrixChart(e.classification().confusion(), e.classification().classNames(), title),
                "confusion-matrix");
    }

    /** decision-boundary.png/.svg for a classifier of two inputs, with the given points. */
    static void boundary(OutputFiles out, Network net, Dataset points, String title) throws IOException {
        if (net.inputs() != 2 || !points.hasLabels()) return;
        int classes = net.outputs() == 1 ? 2 : net.outputs();
        List<String> names = points.featureNames();
        DecisionBoundaryChart c = new DecisionBoundaryChart(title, points.features(), points.labels(), points.classNames(),
                classes, net::predictClasses, names != null ? names.get(0) : "x1", names != null ? names.get(1) : "x2");
        both(out, c, "decision-boundary");
    }

    /** evaluation.json: each evaluation by the name of its data (train, validation, test). */
    static void evaluations(OutputFiles out, Map<String, Evaluation> byData) throws IOException {
        evaluations(out, byData, Map.of());
    }

    /**
     * evaluation.json with, for multi-label data, the multi-label accuracies of each data set
     * (key {@code multi_label}).
     */
    static void evaluations(OutputFiles out, Map<String, Evaluation> byData, Map<String, Map<String, Object>> multiLabel)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Evaluation> e : byData.entrySet()) {
            if (e.getValue() == null) continue;
            Map<String, Object> v = new LinkedHashMap<>(e.getValue().toMap());
            if (multiLabel.containsKey(e.getKey())) v.put("multi_label", multiLabel.get(e.getKey()));
            m.put(e.getKey(), v);
        }
        Json.write(m, out.stage("evaluation.json"));
    }

    /**
     * The multi-label accuracies of a network on 0/1 targets: label_accuracy (share of right
     * sample × label decisions at threshold 0.5), exact_match (share of samples with every label
     * right) and each label's accuracy by column name.
     */
    static Map<String, Object> multiLabel(Network net, Dataset d, List<String> names) {
        double[] a = TrainingSession.multiLabelAccuracy(net, d);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label_accuracy", a[0]);
        m.put("exact_match", a[1]);
        Map<String, Object> each = new LinkedHashMap<>();
        for (int j = 0; j < d.targetCount(); j++)
            each.put(names != null && names.size() == d.targetCount() ? names.get(j) : "y_" + j, a[2 + j]);
        m.put("per_label", each);
        return m;
    }

    private static void both(OutputFiles out, Chart c, String base) throws IOException {
        c.writePng(out.stage(base + ".png"));
        c.writeSvg(out.stage(base + ".svg"));
    }

    /** Summary lines of the evaluations: "test accuracy 0.9800  loss 0.0712  (300 samples)". */
    static List<String> summary(Map<String, Evaluation> byData) {
        return summary(byData, Map.of());
    }

    /**
     * Summary lines; for multi-label data "test label-accuracy 0.9312  exact-match 0.7800  loss
     * 0.2011  (100 samples)".
     */
    static List<String> summary(Map<String, Evaluation> byData, Map<String, Map<String, Object>> multiLabel) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Evaluation> e : byData.entrySet()) {
            Evaluation v = e.getValue();
            if (v == null) continue;
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s", e.getKey()));
            Map<String, Object> ml = multiLabel.get(e.getKey());
            if (ml != null) {
                s.append(String.format(Locale.ROOT, " label-accuracy %.4f  exact-match %.4f  loss %.4f",
                        (Double) ml.get("label_accuracy"), (Double) ml.get("exact_match"), v.loss()));
            } else if (v.classification() != null) {
                s.append(String.format(Locale.ROOT, " accuracy %.4f  loss %.4f", v.accuracy(), v.loss()));
                if (Double.isFinite(v.classification().logLoss()))
                    s.append(String.format(Locale.ROOT, "  log-loss %.4f", v.classification().logLoss()));
            } else {
                s.append(String.format(Locale.ROOT, " loss %.6g  MSE %.6g  MAE %.6g  R² %.4f", v.loss(),
                        v.regression().mse(), v.regression().mae(), v.regression().r2()));
            }
            s.append(String.format(Locale.ROOT, "  (%d samples)", v.samples()));
            lines.add(s.toString());
        }
        return lines;
    }
}
