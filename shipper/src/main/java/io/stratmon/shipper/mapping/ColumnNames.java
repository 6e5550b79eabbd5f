package io.stratmon.shipper.mapping;

/**
 * The column names of one row, unique as QuestDB compares them (case-insensitively, see {@link Names#fold}). A name
 * already taken, or one of the shipper's own columns ({@code timestamp}, the designated timestamp of the tables it
 * and ILP create, and the dedup keys {@code _src} and {@code _offset}, in any case), is numbered: {@code _src_2},
 * {@code a_b_3}, cut first so the numbered name still fits QuestDB's 127 characters. Nothing is dropped.
 * A plain array with a linear search: rows have a few columns, and this runs for every field of every line.
 */
final class ColumnNames {
    /** Folded names of the columns the shipper writes itself. */
    static final String[] RESERVED = {"timestamp", "_src", "_offset"};

    private String[] folded;
    private int size;

    ColumnNames(int expected) {
        folded = new String[Math.max(expected, 4)];
    }

    int size() {
        return size;
    }

    /** Takes {@code name} (whose {@link Names#fold} is {@code fold}) or its first free numbered form, and returns it. */
    String add(String name, String fold) {
        String chosen = name;
        for (int i = 2; taken(fold); i++) {
            chosen = Names.numbered(name, i);
            fold = Names.fold(chosen);
        }
        if (size == folded.length) folded = java.util.Arrays.copyOf(folded, size * 2);
        folded[size++] = fold;
        return chosen;
    }

    private boolean taken(String fold) {
        for (String r : RESERVED) {
            if (r.equals(fold)) return true;
        }
        for (int i = 0; i < size; i++) {
            if (folded[i].equals(fold)) return true;
        }
        return false;
    }
}
