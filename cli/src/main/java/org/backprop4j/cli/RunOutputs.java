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
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Evaluation> e : byData.entrySet()) if (e.getValue() != null) m.put(e.getKey(), e.getValue().toMap());
        Json.write(m, out.stage("evaluation.json"));
    }

    private static void both(OutputFiles out, Chart c, String base) throws IOException {
        c.writePng(out.stage(base + ".png"));
        c.writeSvg(out.stage(base + ".svg"));
    }

    /** Summary lines of the evaluations: "test accuracy 0.9800  loss 0.0712  (300 samples)". */
    static List<String> summary(Map<String, Evaluation> byData) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Evaluation> e : byData.entrySet()) {
            Evaluation v = e.getValue();
            if (v == null) continue;
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s", e.getKey()));
            if (v.classification() != null) {
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
