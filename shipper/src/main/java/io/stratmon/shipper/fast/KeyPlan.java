package io.stratmon.shipper.fast;

import io.stratmon.shipper.mapping.KeyRules;

/**
 * What one flattened key of a mapping becomes, worked out once (by the general mapper's own {@link KeyRules}) and
 * kept with the bytes the fast path writes for it.
 */
final class KeyPlan {
    final KeyRules.Rule rule;
    /** The time key and the name key are read for the row itself (and the name key may be a column too). */
    final boolean time, name;
    /** Number of the column name among the mapping's (exact) column names, and of its folded form. */
    final int column, fold;
    /** The column name as ILP writes it. */
    final byte[] escapedName;
    /** The column would be numbered (it folds to {@code timestamp}, {@code _src} or {@code _offset}): general path only. */
    final boolean reserved;
    /** The key's bytes, as the line has them (set once it is planned). */
    byte[] key;
    /** The last line (by number) that had this key: a key twice in one line goes to the general path. */
    int seenIn = -1;

    KeyPlan(KeyRules.Rule rule, boolean time, boolean name, int column, int fold, byte[] escapedName, boolean reserved) {
        this.rule = rule;
        this.time = time;
        this.name = name;
        this.column = column;
        this.fold = fold;
        this.escapedName = escapedName;
        this.reserved = reserved;
    }
}
