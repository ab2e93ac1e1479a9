package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backprop4j.kernel.KernelProvider;
import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void printsVersionJavaOsCpusKernelsThreadsAndHeap() {
        Cli.Result r = Cli.run("info");
        assertEquals(0, r.code(), r::toString);
        String o = r.out();
        assertTrue(o.startsWith("bp4j " + BuildInfo.version()), o);
        assertTrue(o.contains(Runtime.version().toString()), o);
        assertTrue(o.contains(System.getProperty("java.vendor")), o);
        assertTrue(o.contains(System.getProperty("os.arch")), o);
        assertTrue(o.contains("cpus       " + Runtime.getRuntime().availableProcessors()), o);
        KernelProvider.Choice k = KernelProvider.choice();
        assertTrue(o.contains("kernels    " + k.name() + " (" + k.reason() + ")"), o);
        assertTrue(o.contains("threads    " + KernelProvider.defaultThreads()), o);
        assertTrue(o.contains("max heap   " + BuildInfo.bytes(Runtime.getRuntime().maxMemory())), o);
    }

    @Test
    void jsonHasTheSameFacts() throws Exception {
        Cli.Result r = Cli.run("info", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(BuildInfo.version(), j.get("backprop4j_version").asText());
        assertEquals(KernelProvider.choice().name(), j.get("kernels").asText());
        assertEquals(Runtime.getRuntime().availableProcessors(), j.get("cpus").asInt());
    }

    @Test
    void bytesAreHumanReadable() {
        assertEquals("512 B", BuildInfo.bytes(512));
        assertEquals("1.5 KiB", BuildInfo.bytes(1536));
        assertEquals("3.0 GiB", BuildInfo.bytes(3L << 30));
    }
}
