package io.stratmon.shipper.fast;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The 8-bytes-at-a-time skip of {@link JsonScan}'s strings agrees with a byte loop wherever the byte that stops it is. */
class WordsTest {
    /** Where a byte loop needs its first look: a quote, a backslash, a control byte or a non-ASCII byte. */
    private static int firstSpecial(byte[] b, int at, int end) {
        for (int i = at; i < end; i++) {
            int c = b[i];
            if (c == '"' || c == '\\' || c < 0x20) return i; // a negative byte is non-ASCII
        }
        return end;
    }

    @Test
    void the_plain_run_stops_only_on_a_word_holding_a_quote_backslash_control_or_non_ascii_byte_and_never_skips_one() {
        Random random = new Random(7);
        byte[] specials = {'"', '\\', 0, 0x1F, '\n', (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 0x7F, ' ', '!', '#', '[', ']'};
        for (int round = 0; round < 100_000; round++) {
            byte[] b = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)] : (byte) (0x20 + random.nextInt(0x5F));
            }
            int at = random.nextInt(b.length), end = at + random.nextInt(b.length - at + 1);
            int run = Words.plainRun(b, at, end), expected = firstSpecial(b, at, end);
            assertThat(run).as("run from %d to %d", at, end).isBetween(at, expected);
            // It stops at the special byte itself, or on the few bytes (under a word) before the end it leaves to the loop.
            assertThat(run == expected || end - run < 8).as("stopped early at %d (first special %d, end %d)", run, expected, end).isTrue();
        }
    }
}
