package io.stratmon.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * The ordinary {@code ship} command lines, read without picocli: building picocli's model of {@link ShipCommand} costs
 * about 250 ms of CPU at start-up (its classes are compiled for Java 5, so class-data sharing cannot archive them, and
 * the model is made by reflection), a fifth of the time to an agent's first shipped line. Only the plain forms are
 * read here: {@code --opt value}, {@code --opt=value}, {@code -f a b c}, {@code --dedup}/{@code --no-dedup}, each
 * single-value option at most once, values not starting with {@code -} or {@code @}. Anything else (help, version,
 * unknown or repeated options, argument files, a value that looks like an option) returns {@code null}, and picocli
 * reads the line as before, with its help and its messages. {@code ShipCommandArgsTest} checks both readings agree.
 */
final class ShipCommandArgs {
    private ShipCommandArgs() {}

    /** A {@link ShipCommand} with its options set as picocli would set them, or {@code null}: let picocli read it. */
    static ShipCommand parse(String... args) {
        try {
            return read(args);
        } catch (java.nio.file.InvalidPathException e) {
            return null; // picocli names the option and the value
        }
    }

    private static ShipCommand read(String... args) {
        if (args.length == 0 || !"ship".equals(args[0])) return null;
        ShipCommand c = new ShipCommand();
        c.questdb = "http://127.0.0.1:9000";
        c.stateDir = Path.of("stratmon-data/state");
        c.from = "beginning";
        c.dedup = true;
        c.password = System.getenv("QUESTDB_PASSWORD");
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg, inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
                if (!plain(inline)) return null;
            }
            if (name.equals("--dedup") || name.equals("--no-dedup")) {
                if (inline != null || !seen.add("dedup")) return null;
                c.dedup = name.equals("--dedup");
                continue;
            }
            if (name.equals("--metrics-allow-remote")) {
                if (inline != null || !seen.add(name)) return null;
                c.metricsAllowRemote = true;
                continue;
            }
            if (name.equals("--label")) { // repeatable, one NAME=VALUE each
                String v = inline;
                if (v == null) {
                    if (i + 1 >= args.length || !plain(args[i + 1])) return null;
                    v = args[++i];
                }
                if (c.labels == null) c.labels = new ArrayList<>();
                c.labels.add(v);
                continue;
            }
            if (name.equals("-f") || name.equals("--file")) {
                if (c.files == null) c.files = new ArrayList<>();
                if (inline != null) {
                    c.files.add(inline);
                    continue;
                }
                int first = i + 1;
                while (i + 1 < args.length && plain(args[i + 1])) c.files.add(args[++i]);
                if (i < first) return null; // no value: picocli says so
                continue;
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.length || !plain(args[i + 1])) return null;
                value = args[++i];
            }
            if (!seen.add(name)) return null;
            switch (name) {
                case "--config" -> c.config = Path.of(value);
                case "--telegraf" -> c.telegraf = Path.of(value);
                case "--questdb" -> c.questdb = value;
                case "--user" -> c.user = value;
                case "--password" -> c.password = value;
                case "--state-dir" -> c.stateDir = Path.of(value);
                case "--from" -> c.from = value;
                case "--metrics-listen" -> c.metricsListen = value;
                default -> {
                    return null;
                }
            }
        }
        return c;
    }

    /** A value picocli could take for anything else (an option, an argument file): those go to picocli. */
    private static boolean plain(String value) {
        return !value.startsWith("-") && !value.startsWith("@");
    }
}
