package org.backprop4j.io;

import static org.backprop4j.io.ModelFormatTest.metadata;
import static org.backprop4j.io.ModelFormatTest.model;
import static org.backprop4j.io.SafetensorsFileTest.assertContains;
import static org.backprop4j.io.SafetensorsFileTest.entry;
import static org.backprop4j.io.SafetensorsFileTest.f32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.layer.BatchNorm;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files of networks with batch norm and dropout (format version 2). */
class ModelBatchNormTest {
    @TempDir
    Path dir;

    /** Networks with batch norm and dropout, with random γ, β and running statistics. */
    static List<Network> networks(Precision p) {
        List<Network> nets = List.of(
                Network.builder(4).inputDropout(0.1).dense(8, Activation.RELU).batchNorm().dropout(0.2)
                        .dense(5, Activation.TANH).batchNorm(0.3, 1e-3).dense(3, Activation.SOFTMAX)
                        .precision(p).seed(1).build(),
                Network.builder(3).dense(6, Activation.leakyRelu(0.2)).dropout(0.5).dense(1, Activation.SIGMOID)
                        .loss(Loss.BINARY_CROSS_ENTROPY).precision(p).seed(2).build(),
                Network.builder(5).dense(4, Activation.SIGMOID).dense(2, Activation.IDENTITY).batchNorm()
                        .precision(p).seed(3).build());
        for (Network n : nets) randomiseBatchNorm(n, 17);
        return nets;
    }

    /** γ, β, running mean and variance drawn at random, so that batch norm is far from the identity. */
    static void randomiseBatchNorm(Network n, long seed) {
        Rng rng = new Rng(seed);
        for (DenseLayer l : n.layers()) {
            BatchNorm bn = l.batchNorm();
            if (bn == null) continue;
            for (int j = 0; j < l.outputs(); j++) {
                bn.gamma().set(0, j, rng.uniform(-2, 2));
                bn.beta().set(0, j, rng.uniform(-1, 1));
                bn.runningMean().set(0, j, rng.uniform(-1, 1));
                bn.runningVar().set(0, j, rng.uniform(0.1, 3));
            }
        }
    }

    @Test
    void saveThenLoadPredictsBitForBit() throws IOException {
        for (Precision p : Precision.values()) {
            for (Network net : networks(p)) {
                String what = net.describe();
                // a few training passes move the running statistics as training would
                net.setTraining(true);
                for (int i = 0; i < 3; i++) net.forward(ModelIOTest.inputs(20, net.inputs(), p, i), 20);
                Path file = dir.resolve("m.safetensors");
                ModelIO.save(net, file);
                SavedModel m = ModelIO.load(file);
                Network back = m.network();
                assertEquals("2", m.metadata().get("format_version"), what);
                assertEquals(what, back.describe());
                assertTrue(net.sameWeights(back), what + ": parameters and buffers");
                assertFalse(back.training(), "a loaded network starts in inference mode");
                Matrix x = ModelIOTest.inputs(700, net.inputs(), p, 7);
                assertTrue(net.predict(x).bitEquals(back.predict(x)), what + ": batch predictions differ");
                assertArrayEquals(net.predict(x.row(3)), back.predict(x.row(3)), 0.0, what);
                for (int l = 1; l <= net.layers().size(); l++) {
                    assertEquals(net.layer(l).dropoutRate(), back.layer(l).dropoutRate(), what);
                    BatchNorm a = net.layer(l).batchNorm(), b = back.layer(l).batchNorm();
                    assertEquals(a == null, b == null, what);
                    if (a != null) assertEquals(a.config(), b.config(), what);
                }
                assertEquals(net.inputDropoutRate(), back.inputDropoutRate(), what);
            }
        }
    }

    @Test
    void headerHasPyTorchNamesAndTheArchitectureTheOptions() throws IOException {
        Network net = networks(Precision.FLOAT32).get(0);
        Path file = dir.resolve("m.safetensors");
        ModelIO.save(net, file);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode h = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>();
        h.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("__metadata__", "1.weight", "1.bias", "2.weight", "2.bias", "2.running_mean",
                "2.running_var", "5.weight", "5.bias", "6.weight", "6.bias", "6.running_mean", "6.running_var",
                "8.weight", "8.bias"), keys);
        assertEquals("[8,4]", h.get("1.weight").get("shape").toString());
        for (String k : List.of("2.weight", "2.bias", "2.running_mean", "2.running_var"))
            assertEquals("[8]", h.get(k).get("shape").toString(), k);
        assertEquals("[5]", h.get("6.running_var").get("shape").toString());
        JsonNode md = h.get("__metadata__");
        assertEquals("2", md.get("format_version").textValue());
        assertEquals("{\"inputs\":4,\"input_dropout\":0.1,\"layers\":[{\"units\":8,\"activation\":\"relu\","
                + "\"batch_norm\":{\"momentum\":0.1,\"eps\":1.0E-5},\"dropout\":0.2},{\"units\":5,\"activation\":\"tanh\","
                + "\"batch_norm\":{\"momentum\":0.3,\"eps\":0.001}},{\"units\":3,\"activation\":\"softmax\"}],"
                + "\"loss\":\"categorical_cross_entropy\",\"precision\":\"float32\"}", md.get("architecture").textValue());
        // the running variance of layer 2, read by hand from the data section
        long begin = h.get("6.running_var").get("data_offsets").get(0).longValue();
        float v0 = ByteBuffer.wrap(bytes, (int) (8 + n + begin), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(net.layer(2).batchNorm().runningVar().floats()[0], v0);
        // a plain network is still written as version 1
        ModelIO.save(Network.builder(2).dense(1, Activation.SIGMOID).build(), file);
        assertEquals("1", ModelIO.readMetadata(file).get("format_version"));
    }

    static final String BN_ARCH = "{\"inputs\": 2, \"layers\": [{\"units\": 1, \"activation\": \"identity\","
            + " \"batch_norm\": {\"momentum\": 0.1, \"eps\": 1e-5}}], \"loss\": \"mse\", \"precision\": \"float32\"}";
    static final String BN_TENSORS = entry("0.weight", "F32", "[1, 2]", 0, 8) + ", " + entry("0.bias", "F32", "[1]", 8, 12)
            + ", " + entry("1.weight", "F32", "[1]", 12, 16) + ", " + entry("1.bias", "F32", "[1]", 16, 20)
            + ", " + entry("1.running_mean", "F32", "[1]", 20, 24) + ", " + entry("1.running_var", "F32", "[1]", 24, 28);
    static final byte[] BN_DATA = f32(0.5, -0.25, 0.125, 2, 0.5, 0.75, 4);

    String loadError(byte[] content) throws IOException {
        Path p = Files.write(dir.resolve("m.safetensors"), content);
        return assertThrows(ModelFormatException.class, () -> ModelIO.load(p)).getMessage();
    }

    @Test
    void aHandMadeVersion2FileIsReadAsPyTorchWouldApplyIt() throws IOException {
        Path p = Files.write(dir.resolve("m.safetensors"), model(metadata("backprop4j-model", "2", BN_ARCH), BN_TENSORS, BN_DATA));
        Network net = ModelIO.load(p).network();
        assertEquals("2-1(bn) (identity; mse, float32)", net.describe());
        // by hand: z = 0.5·2 − 0.25·4 + 0.125 = 0.125; u = 2·(0.125 − 0.75)/√(4 + 1e-5) + 0.5
        double u = 2 * (0.125 - 0.75) / Math.sqrt(4 + 1e-5) + 0.5;
        assertEquals(u, net.predict(new double[] {2, 4})[0], 1e-6);
    }

    @Test
    void defectsOfVersion2FilesAreNamed() throws IOException {
        String pre = "__metadata__ architecture: ";
        assertContains(loadError(model(metadata("backprop4j-model", "1", BN_ARCH), BN_TENSORS, BN_DATA)),
                pre + "layer 1: unknown key \"batch_norm\"; expected [activation, units] (\"batch_norm\" needs"
                        + " format_version 2)");
        assertContains(loadError(model(metadata("backprop4j-model", "2", BN_ARCH.replace("0.1", "1.5")), BN_TENSORS, BN_DATA)),
                pre + "layer 1: batch norm momentum must be in [0, 1], got 1.5");
        assertContains(loadError(model(metadata("backprop4j-model", "2", BN_ARCH.replace("\"eps\": 1e-5", "\"epsilon\": 1e-5")),
                BN_TENSORS, BN_DATA)), pre + "layer 1: batch_norm: unknown key \"epsilon\"; expected [eps, momentum]");
        assertContains(loadError(model(metadata("backprop4j-model", "2", BN_ARCH.replace("}}]", "}, \"dropout\": 1}]")),
                BN_TENSORS, BN_DATA)), pre + "layer 1: dropout must be in (0, 1), got 1");
        assertContains(loadError(model(metadata("backprop4j-model", "2", BN_ARCH.replace("}}]", "}, \"dropout\": 0.5}]")),
                BN_TENSORS, BN_DATA)), pre + "layer 1 (dense 2->1, identity): dropout 0.5 on the output layer is not allowed");
        assertContains(loadError(model(metadata("backprop4j-model", "2", BN_ARCH), BN_TENSORS.replace("running_var", "running_std"),
                BN_DATA)), "tensor '1.running_var' of layer 1 (dense 2->1, batch norm, identity) batch norm is missing");
        assertContains(loadError(model(metadata("backprop4j-model", "2", BN_ARCH.replace(", \"batch_norm\": {\"momentum\": 0.1,"
                + " \"eps\": 1e-5}", "")), BN_TENSORS, BN_DATA)), "tensor '1.weight' [1] does not belong to the network 2-1,"
                + " which has 0.weight, 0.bias");
        // an old (version 1) file without batch norm still loads: ModelFormatTest.loadsAHandMadeModel
    }

    @Test
    void loadWeightsIncludesTheBatchNormTensors() throws IOException {
        Network saved = networks(Precision.FLOAT64).get(0);
        Path file = dir.resolve("m.safetensors");
        ModelIO.save(saved, file);
        Network fresh = Network.builder(4).inputDropout(0.1).dense(8, Activation.RELU).batchNorm().dropout(0.2)
                .dense(5, Activation.TANH).batchNorm(0.3, 1e-3).dense(3, Activation.SOFTMAX).seed(9).build();
        ModelIO.loadWeights(fresh, file);
        assertTrue(saved.copy(Precision.FLOAT32).sameWeights(fresh));
        Network plain = Network.builder(4).dense(8, Activation.RELU).dense(5, Activation.TANH)
                .dense(3, Activation.SOFTMAX).build();
        String m = assertThrows(ModelFormatException.class, () -> ModelIO.loadWeights(plain, file)).getMessage();
        assertTrue(m.contains("tensor '0.weight' of layer 1 (dense 4->8, relu) is missing"), m);
        Map<String, Matrix> before = fresh.copy().state();
        ModelIO.save(plain, file);
        assertThrows(ModelFormatException.class, () -> ModelIO.loadWeights(fresh, file));
        for (Map.Entry<String, Matrix> e : before.entrySet())
            assertTrue(e.getValue().bitEquals(fresh.state().get(e.getKey())), "unchanged after a failed load: " + e.getKey());
    }
}
