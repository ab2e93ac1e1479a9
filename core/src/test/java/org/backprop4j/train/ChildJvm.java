package org.backprop4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that runs a class's main in a new JVM with this JVM's class path and kernel flags. */
final class ChildJvm {

    private ChildJvm() {}

    static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) cmd.add("--add-modules=jdk.incubator.vector");
        String kernels = System.getProperty("backprop4j.kernels");
        if (kernels != null) cmd.add("-Dbackprop4j.kernels=" + kernels);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
