package org.backprop4j.io;

import static org.backprop4j.io.SafetensorsFileTest.assertContains;
import static org.backprop4j.io.SafetensorsFileTest.concat;
import static org.backprop4j.io.SafetensorsFileTest.entry;
import static org.backprop4j.io.SafetensorsFileTest.f32;
import static org.backprop4j.io.SafetensorsFileTest.f64;
import static org.backprop4j.io.SafetensorsFileTest.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.activation.Activation;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelIO#load} and {@link ModelIO#loadWeights} against model files crafted here by hand:
 * a 2-1 sigmoid network (0.weight [1, 2], 0.bias [1]) and one defect per file.
 */
class ModelFormatTest {
    @TempDir
    Path dir;

    static final String ARCH = "{\"inputs\": 2, \"layers\": [{\"units\": 1, \"activation\": \"sigmoid\"}],"
            + " \"loss\": \"mse\", \"precision\": \"float32\"}";
    static final String TENSORS = entry("0.weight", "F32", "[1, 2]", 0, 8) + ", " + entry("0.bias", "F32", "[1]", 8, 12);
    static final byte[] DATA = f32(0.5, -0.25, 0.125);

    /** A JSON string literal holding text (quotes and backslashes escaped). */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String metadata(String format, String version, String arch) {
        StringBuilder s = new StringBuilder("\"__metadata__\": {");
        String sep = "";
        if (format != null) { s.append("\"format\": ").append(quote(format)); sep = ", "; }
        if (version != null) { s.append(sep).append("\"format_version\": ").append(quote(version)); sep = ", "; }
        if (arch != null) s.append(sep).append("\"architecture\": ").append(quote(arch));
        return s.append('}').toString();
    }

    static byte[] model(String metadata, String tensors, byte[] data) {
        return file("{" + metadata + (tensors.isEmpty() ? "" : ", " + tensors) + "}", data);
    }

    static byte[] model(String arch) {
        return model(metadata("backprop4j-model", "1", arch), TENSORS, DATA);
    }

    Path write(byte[] content) throws IOException {
        return Files.write(dir.resolve("m.safetensors"), content);
    }

    String loadError(byte[] content) throws IOException {
        Path p = write(content);
        return assertThrows(ModelFormatException.class, () -> ModelIO.load(p)).getMessage();
    }

    // ------------------------------------------------------------------ a valid hand-made model

    @Test
    void loadsAHandMadeModel() throws IOException {
        SavedModel m = ModelIO.load(write(model(ARCH)));
        Network net = m.network();
        assertEquals("2-1 (sigmoid; mse, float32)", net.describe());
        assertArrayEquals(new float[] {0.5f, -0.25f}, net.layer(1).weights().floats());
        assertArrayEquals(new float[] {0.125f}, net.layer(1).biases().floats());
        double z = 0.5 * 2 - 0.25 * 4 + 0.125;
        assertEquals(1 / (1 + Math.exp(-z)), net.predict(new double[] {2, 4})[0], 1e-7);
        assertEquals("backprop4j-model", m.metadata().get("format"));
        assertEquals(42, net.seed(), "no seed entry: the builder's default");
    }

    // ------------------------------------------------------------------ metadata

    @Test
    void missingMetadataOrFormat() throws IOException {
        Path p = dir.resolve("m.safetensors");
        assertEquals(p + ": header has no __metadata__, so this is not a backprop4j model; bare weights can start a"
                + " network of the same shape with ModelIO.loadWeights (bp4j train --init)",
                loadError(file("{" + TENSORS + "}", DATA)));
        assertEquals(p + ": __metadata__ has no \"format\" entry; expected \"backprop4j-model\"",
                loadError(model(metadata(null, "1", ARCH), TENSORS, DATA)));
        assertContains(loadError(model(metadata("pt", "1", ARCH), TENSORS, DATA)),
                "__metadata__ format is \"pt\", expected \"backprop4j-model\"");
        assertEquals(p + ": __metadata__ has no \"format_version\" entry; expected \"1\" or \"2\"",
                loadError(model(metadata("backprop4j-model", null, ARCH), TENSORS, DATA)));
        assertEquals(p + ": __metadata__ has no \"architecture\" entry",
                loadError(model(metadata("backprop4j-model", "1", null), TENSORS, DATA)));
    }

    @Test
    void unsupportedFormatVersion() throws IOException {
        Path p = dir.resolve("m.safetensors");
        assertEquals(p + ": format version 3 not supported (this build reads 1..2)",
                loadError(model(metadata("backprop4j-model", "3", ARCH), TENSORS, DATA)));
        assertEquals(p + ": format version 'one' not supported (this build reads 1..2)",
                loadError(model(metadata("backprop4j-model", "one", ARCH), TENSORS, DATA)));
    }

    @Test
    void invalidArchitecture() throws IOException {
        String pre = "__metadata__ architecture: ";
        assertContains(loadError(model("{\"inputs\": 2,")), pre + "not valid JSON");
        assertContains(loadError(model(ARCH.replace("sigmoid", "swish"))),
                pre + "layer 1: activation: unknown activation 'swish'; expected identity");
        assertContains(loadError(model(ARCH.replace("\"units\": 1", "\"units\": 0"))),
                pre + "layer 1: units must be a positive integer, got 0");
        assertContains(loadError(model(ARCH.replace("\"units\": 1", "\"units\": -3"))),
                pre + "layer 1: units must be a positive integer, got -3");
        assertContains(loadError(model(ARCH.replace("\"inputs\": 2", "\"inputs\": 2.5"))),
                pre + "inputs must be a positive integer, got 2.5");
        assertContains(loadError(model(ARCH.replace("\"units\": 1", "\"units\": 1, \"dropout\": 0.5"))),
                pre + "layer 1: unknown key \"dropout\"; expected [activation, units] (\"dropout\" needs format_version 2)");
        assertContains(loadError(model(ARCH.replace(", \"loss\": \"mse\"", ""))), pre + "missing \"loss\"");
        assertContains(loadError(model(ARCH.replace("\"mse\"", "\"hinge\""))), pre + "loss: unknown loss 'hinge'");
        assertContains(loadError(model(ARCH.replace("float32", "float16"))), pre + "precision: unknown precision");
        assertContains(loadError(model(ARCH.replace("[{\"units\": 1, \"activation\": \"sigmoid\"}]", "[]"))),
                pre + "layers must be a non-empty array");
        // well-formed, but an illegal pair: refused by the network builder, reported as a file error
        assertContains(loadError(model(ARCH.replace("\"mse\"", "\"categorical_cross_entropy\""))),
                pre + "layer 1 (dense 2->1, sigmoid): categorical_cross_entropy needs a softmax output, got sigmoid");
        assertContains(loadError(model(ARCH.replace("2,", "2, \"inputs\": 3,"))), pre + "not valid JSON",
                "Duplicate field 'inputs'");
    }

    @Test
    void badSeed() throws IOException {
        String md = metadata("backprop4j-model", "1", ARCH);
        md = md.substring(0, md.length() - 1) + ", \"seed\": \"x7\"}";
        assertContains(loadError(model(md, TENSORS, DATA)), "__metadata__ seed 'x7' is not an integer");
    }

    // ------------------------------------------------------------------ tensors against the architecture

    @Test
    void tensorMissingForALayer() throws IOException {
        String md = metadata("backprop4j-model", "1", ARCH);
        assertContains(loadError(model(md, entry("0.weight", "F32", "[1, 2]", 0, 8), f32(1, 2))),
                "tensor '0.bias' of layer 1 (dense 2->1, sigmoid) is missing; the file has 0.weight");
        assertContains(loadError(model(md, "", new byte[0])), "tensor '0.weight' of layer 1 (dense 2->1, sigmoid) is"
                + " missing; the file has no tensors");
    }

    @Test
    void extraTensor() throws IOException {
        String md = metadata("backprop4j-model", "1", ARCH);
        String tensors = TENSORS + ", " + entry("2.weight", "F32", "[1, 1]", 12, 16);
        assertContains(loadError(model(md, tensors, concat(DATA, f32(9)))),
                "tensor '2.weight' [1, 1] does not belong to the network 2-1, which has 0.weight, 0.bias");
    }

    @Test
    void misShapedTensor() throws IOException {
        String md = metadata("backprop4j-model", "1", ARCH);
        String tensors = entry("0.weight", "F32", "[2, 1]", 0, 8) + ", " + entry("0.bias", "F32", "[1]", 8, 12);
        assertContains(loadError(model(md, tensors, DATA)),
                "tensor '0.weight' of layer 1 (dense 2->1, sigmoid): shape [2, 1], expected [1, 2]");
        String bias2d = TENSORS.replace("\"shape\": [1]", "\"shape\": [1, 1]");
        assertContains(loadError(model(md, bias2d, DATA)), "tensor '0.bias' of layer 1 (dense 2->1, sigmoid): shape"
                + " [1, 1], expected [1]");
    }

    @Test
    void dtypeMustMatchThePrecision() throws IOException {
        String md = metadata("backprop4j-model", "1", ARCH);
        String tensors = entry("0.weight", "F64", "[1, 2]", 0, 16) + ", " + entry("0.bias", "F32", "[1]", 16, 20);
        assertContains(loadError(model(md, tensors, concat(f64(1, 2), f32(3)))),
                "tensor '0.weight' is F64, but the architecture's precision needs F32");
        String half = entry("0.weight", "F16", "[1, 2]", 0, 4) + ", " + entry("0.bias", "F32", "[1]", 4, 8);
        assertContains(loadError(model(md, half, new byte[8])),
                "tensor '0.weight': dtype F16 not supported; backprop4j reads F32 and F64");
    }

    // ------------------------------------------------------------------ loadWeights from bare (PyTorch-style) files

    @Test
    void loadWeightsFromABareFileConvertingF64() throws IOException {
        Network net = Network.builder(2).dense(1, Activation.SIGMOID).precision(Precision.FLOAT32).build();
        String tensors = entry("0.weight", "F64", "[1, 2]", 0, 16) + ", " + entry("0.bias", "F32", "[1]", 16, 20);
        ModelIO.loadWeights(net, write(file("{" + tensors + "}", concat(f64(0.1, -0.3), f32(2)))));
        assertArrayEquals(new float[] {0.1f, -0.3f}, net.layer(1).weights().floats());
        assertArrayEquals(new float[] {2f}, net.layer(1).biases().floats());
    }

    @Test
    void loadWeightsRefusesMismatchesAndLeavesTheNetworkAlone() throws IOException {
        Network net = Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID).build();
        Network before = net.copy();
        // layer 1 fits, layer 2 has the wrong shape: nothing may be copied
        String tensors = entry("0.weight", "F32", "[3, 2]", 0, 24) + ", " + entry("0.bias", "F32", "[3]", 24, 36)
                + ", " + entry("2.weight", "F32", "[1, 2]", 36, 44) + ", " + entry("2.bias", "F32", "[1]", 44, 48);
        Path p = write(file("{" + tensors + "}", new byte[48]));
        String m = assertThrows(ModelFormatException.class, () -> ModelIO.loadWeights(net, p)).getMessage();
        assertEquals(p + ": tensor '2.weight' of layer 2 (dense 3->1, sigmoid): shape [1, 2], expected [1, 3]", m);
        assertEquals(true, net.sameWeights(before));
        Path torch = write(file("{" + entry("fc1.weight", "F32", "[3, 2]", 0, 24) + "}", new byte[24]));
        assertContains(assertThrows(ModelFormatException.class, () -> ModelIO.loadWeights(net, torch)).getMessage(),
                "tensor '0.weight' of layer 1 (dense 2->3, tanh) is missing; the file has fc1.weight");
    }
}
