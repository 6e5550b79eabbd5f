package io.stratmon.shipper.checkpoint;

import java.nio.file.Path;

/**
 * The stored checkpoints cannot be used: unreadable, empty, truncated, of another version, or with a value that is not
 * what the shipper wrote (a hand edit). The message is one line naming the file, the key and what to do; an
 * {@link IllegalStateException}, so the command line prints it without a stack trace and exits 2.
 */
public final class CheckpointFileException extends IllegalStateException {
    /** What a user can do about any of these, said once. */
    static final String WHAT_TO_DO = "fix the value, or move the file away to start over from [shipper] read_from"
            + " (with dedup on, QuestDB drops the lines it already has)";

    private final transient Path file;
    private final String key;

    public CheckpointFileException(Path file, String key, String problem) {
        super(oneLine("checkpoint file " + file + " [key=" + key + "]: " + problem + "; " + WHAT_TO_DO));
        this.file = file;
        this.key = key;
    }

    /** The file (or, for a store without one, a name for where the checkpoints live). */
    public Path file() {
        return file;
    }

    /** Where in the file: {@code version}, {@code files[2].offset}, {@code line 3, column 1} or {@code -} for the whole. */
    public String key() {
        return key;
    }

    static String oneLine(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }
}
