package io.stratmon.app.config;

import io.stratmon.shipper.config.ConfigKey;
import io.stratmon.shipper.config.InputReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table of keys is the one list: the sample config and docs/config.md name every key in it (with its default),
 * and nothing else; the records' own defaults agree with it.
 */
class ConfigKeysTest {
    static final Path SAMPLE = Path.of("../config/stratmon.sample.toml");
    static final Path DOCS = Path.of("../docs/config.md");
    private static final Pattern HEADER = Pattern.compile("^\\s*#?\\s*\\[\\[?([a-z_.]+)]]?\\s*$");
    private static final Pattern KEY = Pattern.compile("^\\s*#?\\s*([a-z_]+) = (.*)$");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([^|]*) \\|");

    /** Every key path with its table default, {@code [[inputs]]} keys included. */
    static Map<String, ConfigKey<?, ?>> table() {
        Map<String, ConfigKey<?, ?>> keys = new LinkedHashMap<>();
        Stream.concat(ConfigKeys.KEYS.stream(), InputReader.KEYS.stream()).forEach(k -> keys.put(k.path(), k));
        return keys;
    }

    /** Key path → value text of every {@code key = value} line of the sample, commented out or not. */
    static Map<String, String> sampleKeys() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        String section = null;
        for (String line : Files.readAllLines(SAMPLE)) {
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                section = h.group(1);
                // [inputs.types] and [inputs.rename] are keys of an input whose own keys are the user's.
                if (section.startsWith("inputs.")) keys.put(section, "{}");
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (k.matches() && section != null && !section.startsWith("inputs.")) keys.putIfAbsent(section + "." + k.group(1), k.group(2).trim());
        }
        return keys;
    }

    /** Key path → default cell of every row of the docs' key tables, by the heading that names the section. */
    static Map<String, String> docRows() throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        String section = null;
        Pattern named = Pattern.compile("`\\[\\[?([a-z_]+)]]?`");
        for (String line : Files.readAllLines(DOCS)) {
            if (line.startsWith("#")) {
                Matcher m = named.matcher(line);
                section = m.find() ? m.group(1) : null;
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (r.find() && section != null) rows.putIfAbsent(section + "." + r.group(1), r.group(2).trim());
        }
        return rows;
    }

    @Test
    void every_key_of_the_table_is_in_the_sample_config() throws Exception {
        assertThat(sampleKeys().keySet()).containsAll(table().keySet());
    }

    @Test
    void every_key_in_the_sample_config_is_in_the_table() throws Exception {
        assertThat(table().keySet()).containsAll(sampleKeys().keySet());
    }

    @Test
    void the_sample_shows_each_default_as_the_table_has_it() throws Exception {
        Map<String, String> sample = sampleKeys();
        List<String> wrong = new ArrayList<>();
        for (ConfigKey<?, ?> key : table().values()) {
            String expected = key.defaultToml();
            if (expected != null && !expected.equals(sample.get(key.path()))) {
                wrong.add(key.path() + ": sample says " + sample.get(key.path()) + ", default is " + expected);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void every_key_of_the_table_has_a_row_in_the_docs_and_every_row_is_a_key() throws Exception {
        Map<String, String> rows = docRows();
        assertThat(rows.keySet()).containsAll(table().keySet());
        assertThat(table().keySet()).containsAll(rows.keySet());
    }

    @Test
    void the_docs_show_each_default_as_the_table_has_it() throws Exception {
        Map<String, String> rows = docRows();
        List<String> wrong = new ArrayList<>();
        for (ConfigKey<?, ?> key : table().values()) {
            String expected = key.defaultToml();
            if (expected == null) continue;
            String cell = rows.getOrDefault(key.path(), "").replace("`", "");
            if (!cell.equals(expected.replace("\"", ""))) wrong.add(key.path() + ": docs say " + cell + ", default is " + expected);
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void the_table_defaults_are_what_the_records_default_to() {
        StratmonConfig defaults = StratmonConfig.defaults();
        for (ConfigKey<StratmonConfig, ?> key : ConfigKeys.KEYS) {
            assertThat((Object) key.value(defaults)).as(key.path()).isEqualTo(key.defaultValue());
        }
        assertThat(ConfigLoader.parse("", "empty.toml", Map.of(), false).withOrigin("", List.of())).isEqualTo(defaults);
    }

    @Test
    void key_paths_are_unique_and_every_key_has_a_description() {
        List<String> paths = Stream.concat(ConfigKeys.KEYS.stream(), InputReader.KEYS.stream()).map(ConfigKey::path).toList();
        assertThat(paths).doesNotHaveDuplicates();
        assertThat(Stream.concat(ConfigKeys.KEYS.stream(), InputReader.KEYS.stream())).allSatisfy(k -> assertThat(k.description()).isNotBlank());
    }
}
