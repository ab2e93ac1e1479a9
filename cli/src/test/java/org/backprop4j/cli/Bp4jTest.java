package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command tree: help texts, exit statuses, one-line usage errors. */
class Bp4jTest {
    static final List<String> COMMANDS = List.of("train", "evaluate", "predict", "gradcheck", "inspect", "info", "demo");

    @Test
    void topHelpListsEveryCommandAndTheGlobalOptions() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code(), r::toString);
        for (String c : COMMANDS) assertTrue(r.out().contains("  " + c + " "), "help lacks " + c + "\n" + r.out());
        assertTrue(r.out().contains("--verbose") && r.out().contains("--quiet"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "predict", "gradcheck", "inspect", "info", "demo"})
    void eachCommandsHelpListsEveryOptionWithItsDescriptionAndDefault(String name) {
        Cli.Result r = Cli.run(name, "--help");
        assertEquals(0, r.code(), r::toString);
        CommandLine cmd = Bp4j.commandLine(Services.defaults(), System.out, System.err).getSubcommands().get(name);
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            String shown = o.negatable() ? o.longestName().replaceFirst("^--", "--[no-]") : o.longestName();
            assertTrue(r.out().contains(shown), name + " --help lacks " + shown + "\n" + r.out());
            assertTrue(o.description().length > 0 && !o.description()[0].isBlank(), name + " " + o.longestName() + " has no description");
            if (o.defaultValue() != null && !o.defaultValue().isEmpty())
                assertTrue(r.out().contains("Default: " + o.defaultValue()),
                        name + " --help does not show the default of " + o.longestName() + "\n" + r.out());
        }
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        Cli.Result r = Cli.run("gradcheck", "--no-such-option");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("bp4j gradcheck: ") && r.err().contains("--no-such-option"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void badOptionValueIsAUsageErrorNamingTheOption() {
        Cli.Result r = Cli.run("gradcheck", "--layers", "4,x,3");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("--layers") && r.err().contains("'x'"), r.err());

        Cli.Result t = Cli.run("gradcheck", "--samples", "three");
        assertEquals(2, t.code(), t::toString);
        assertTrue(t.err().contains("--samples"), t.err());

        Cli.Result a = Cli.run("inspect", "--hidden-activation", "wiggle");
        assertEquals(2, a.code(), a::toString);
        assertTrue(a.err().contains("--hidden-activation") && a.err().contains("wiggle"), a.err());
    }

    @Test
    void illegalNetworkIsAUsageError() {
        Cli.Result r = Cli.run("gradcheck", "--layers", "4,5,1", "--output", "softmax");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("softmax"), r.err());
    }

    @Test
    void noCommandPrintsUsageAndExitsTwo() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("Usage: bp4j"), r.err());
    }

    @Test
    void versionNamesTheLibraryVersion() {
        Cli.Result r = Cli.run("--version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("bp4j (backprop4j) " + BuildInfo.version()), r.out());
        assertTrue(!BuildInfo.version().startsWith("unknown"), "version.properties was not filtered by Maven: " + BuildInfo.version());
    }

    @Test
    void verboseAddsTheStackTraceOfAnError() {
        Cli.Result quiet = Cli.run("gradcheck", "--tolerance", "1e-300");
        assertEquals(1, quiet.code(), quiet::toString);
        assertEquals(1, quiet.errLines().size(), quiet::toString);
        Cli.Result loud = Cli.run("gradcheck", "--tolerance", "1e-300", "--verbose");
        assertEquals(1, loud.code(), loud::toString);
        assertTrue(loud.errLines().size() > 3 && loud.err().contains("\tat "), loud.err());
    }
}
