package io.stratmon.shipper;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.checkpoint.JsonFileCheckpointStore;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dedup key {@code _src} of a line: {@code <host>:<fingerprint>}, the input's host identity
 * ({@link InputConfig#hostId}: its {@code host} label, else the machine's host name) and the 16 hex digits of the
 * file's first-line fingerprint. Two hosts shipping byte-identical files (same first line, same offsets, same
 * timestamps) into one table therefore keep both sets of rows.
 *
 * <p><b>Upgrade.</b> Before the host identity, {@code _src} was the bare fingerprint. A file shipped by that version
 * may have rows QuestDB acknowledged after its last checkpoint (a crash between the two): read again with a new
 * {@code _src}, they would be stored twice. So the first start of this version on a state dir that already has
 * checkpoints or dead letters writes {@value #FILE} with their fingerprints, and lines of those files keep the bare
 * fingerprint for good; a fresh state dir writes it with none. A dead-letter replay on a state dir without the file
 * (this version never shipped from it) uses the bare form for every line, as the old version's replay did.
 */
public final class SrcKeys {
    private static final Logger log = LoggerFactory.getLogger(SrcKeys.class);
    public static final String FILE = "src-keys.json";
    /** jackson-core's streaming parser and generator: the file is read and written on every start, before any row. */
    private static final JsonFactory JSON = new JsonFactory();

    private final String[] prefixes;
    private final Set<String> legacy;
    private final boolean allLegacy;

    SrcKeys(List<String> hostIds, Set<String> legacy, boolean allLegacy) {
        this.prefixes = hostIds.stream().map(h -> h + ":").toArray(String[]::new);
        this.legacy = Set.copyOf(legacy);
        this.allLegacy = allLegacy;
    }

    /** The {@code _src} of the lines of {@code source}. */
    public String src(FileSource source) {
        return src(source.input(), source.src());
    }

    /** The {@code _src} of a line of input {@code input} from the file whose fingerprint is {@code fingerprintHex}. */
    public String src(int input, String fingerprintHex) {
        if (allLegacy || legacy.contains(fingerprintHex)) return fingerprintHex;
        return prefixes[input] + fingerprintHex;
    }

    /**
     * For a shipper starting on {@code stateDir}: reads {@value #FILE}, or, on the first start of this version,
     * writes it (with the fingerprints of {@code checkpoints} and of the dead letters when the state dir has any).
     */
    public static SrcKeys open(Path stateDir, List<InputConfig> inputs, Collection<Checkpoint> checkpoints) {
        Path file = stateDir.resolve(FILE);
        Set<String> legacy = readLegacy(file);
        if (legacy == null) {
            legacy = new TreeSet<>();
            for (Checkpoint c : checkpoints) legacy.add(Fingerprint.hex(c.fingerprint()));
            Set<String> found = legacy;
            try {
                DeadLetterFile.read(stateDir.resolve(DeadLetterFile.NAME), e -> {
                    if (e.src() != null) found.add(e.src());
                }, unreadable -> { });
                write(stateDir, file, legacy);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file.toAbsolutePath() + " [key=shipper.state_dir]: " + e
                        + "; make the state dir writable");
            }
            if (!legacy.isEmpty()) {
                log.info("State dir from a version without host identities: files already shipped keep their _src"
                        + " [file={}, files={}]", file, legacy.size());
            }
        }
        return new SrcKeys(hostIds(inputs), legacy, false);
    }

    /** For a dead-letter replay: as the shipper would ship, or all bare when no shipper of this version ran here. */
    public static SrcKeys read(Path stateDir, List<InputConfig> inputs) {
        Set<String> legacy = readLegacy(stateDir.resolve(FILE));
        return new SrcKeys(hostIds(inputs), legacy == null ? Set.of() : legacy, legacy == null);
    }

    private static List<String> hostIds(List<InputConfig> inputs) {
        return inputs.stream().map(InputConfig::hostId).toList();
    }

    /** The legacy fingerprints, or null when the file does not exist. */
    private static Set<String> readLegacy(Path file) {
        try (JsonParser p = JSON.createParser(Files.readAllBytes(file))) {
            Set<String> out = null;
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    if (field.equals("legacy") && t == JsonToken.START_ARRAY) {
                        out = new HashSet<>();
                        for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
                            if (e.isScalarValue()) {
                                out.add(e == JsonToken.VALUE_NULL ? "null" : p.getText());
                            } else {
                                p.skipChildren();
                                out.add("");
                            }
                        }
                    } else {
                        if (field.equals("legacy")) out = null;
                        p.skipChildren();
                    }
                }
            }
            if (out == null) {
                throw new IllegalStateException(file.toAbsolutePath() + ": no \"legacy\" list (the shipper writes"
                        + " {\"version\": 1, \"legacy\": [...]}): restore it, or delete it only if this state dir never ran an older version");
            }
            return out;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath() + " [key=shipper.state_dir]: "
                    + e.getMessage() + "; make it readable");
        }
    }

    private static void write(Path stateDir, Path file, Set<String> legacy) throws IOException {
        Files.createDirectories(stateDir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeArrayFieldStart("legacy");
            for (String fingerprint : legacy) g.writeString(fingerprint);
            g.writeEndArray();
            g.writeEndObject();
        }
        Path temp = stateDir.resolve(FILE + ".tmp");
        JsonFileCheckpointStore.FileWrites w = JsonFileCheckpointStore.FileWrites.REAL;
        w.writeDurably(temp, bytes.toByteArray());
        w.replace(temp, file);
        w.syncDirectory(stateDir);
    }
}
