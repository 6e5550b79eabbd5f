package io.stratmon.shipper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code dead-letter.mark}: {@code "<file identity> <byte>"}, the byte of {@code dead-letter.jsonl} before which every
 * entry is behind its file's written checkpoint, so a start reads only what follows. A mark that lags is only slower,
 * never wrong; a mark of another file, or not at a line start, is ignored (the whole file is read).
 */
final class DeadLetterMark {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterMark.class);

    private DeadLetterMark() {}

    /** The dead-letter file's identity (its file key), or null when it does not exist or cannot be read. */
    static String identity(Path file) {
        try {
            return Files.exists(file) ? String.valueOf(Files.readAttributes(file, BasicFileAttributes.class).fileKey()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The saved mark if it is of this file ({@code identity}) and at a line start, else 0. */
    static long saved(Path file, Path markFile, String identity) {
        try {
            String[] saved = Files.readString(markFile).trim().split(" ");
            long value = Long.parseLong(saved[saved.length - 1]);
            if (!saved[0].equals(identity) || value <= 0 || value > Files.size(file)) return 0;
            try (FileChannel ch = FileChannel.open(file)) {
                ByteBuffer one = ByteBuffer.allocate(1);
                ch.read(one, value - 1);
                return one.get(0) == '\n' ? value : 0;
            }
        } catch (IOException | RuntimeException e) {
            return 0; // no mark (or not ours): read the whole file, slower but right
        }
    }

    /** Saves the mark atomically (temp file, rename); false when it could not (then the old mark stays: slower, not wrong). */
    static boolean write(Path markFile, String identity, long value) {
        try {
            Path temp = markFile.resolveSibling(markFile.getFileName() + ".tmp");
            Files.writeString(temp, identity + " " + value + "\n");
            Files.move(temp, markFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot save the dead-letter mark [path={}]: {}", markFile, e.toString());
            return false;
        }
    }
}
