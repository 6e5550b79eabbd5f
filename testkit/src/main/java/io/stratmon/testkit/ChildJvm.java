package io.stratmon.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of a child JVM a test starts ({@code java -jar target/stratmon.jar demo ...}), with options that
 * make a short-lived JVM start fast: the JIT stops at C1 ({@code -XX:TieredStopAtLevel=1}), and the two
 * {@code System.gc()} calls of QuestDB's start-up are no full collections ({@code -XX:+DisableExplicitGC}). Tests
 * that start {@code demo}, {@code up} or {@code ship} spend most of their time in the child's start-up (loading and
 * compiling QuestDB and the web stack); C1 alone halves that CPU, and nothing these tests assert depends on C2's speed.
 * {@code -Dstratmon.test.child-jvm-opts="..."} replaces the options (empty: the JVM's defaults, as a user runs it).
 * A child of the fat jar ({@code -jar .../stratmon.jar}) also maps a class-data-sharing archive of it, as the
 * launcher's users do ({@link ChildCds}; {@code -Dstratmon.test.child-cds=off} without).
 *
 * <pre>{@code
 * List<String> cmd = ChildJvm.command("-Xmx256m", "-jar", jar.toString(), "ship", "--file", f.toString());
 * Process p = new ProcessBuilder(cmd).start();
 * }</pre>
 */
public final class ChildJvm {
    /** The options added before the caller's; {@code stratmon.test.child-jvm-opts} overrides them. */
    public static final String DEFAULT_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+DisableExplicitGC";

    private ChildJvm() {}

    /** This JVM's own java binary, the fast-start options, then {@code args} (options of the caller, main, arguments). */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(options());
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-jar")) command.addAll(ChildCds.options(java.nio.file.Path.of(args[i + 1])));
        }
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** The java binary of the running JVM (the one the tests run on), so a child never runs another JDK. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The fast-start options, split on spaces: what {@link #command} puts between the binary and the caller's args. */
    public static List<String> options() {
        String opts = System.getProperty("stratmon.test.child-jvm-opts", DEFAULT_OPTIONS).trim();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }
}
