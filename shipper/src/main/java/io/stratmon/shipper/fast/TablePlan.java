package io.stratmon.shipper.fast;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.RowCheck;

import java.util.Arrays;

/**
 * One table the fast path writes to: its name as ILP writes it, and which (column, type) pairs the row check has
 * settled ({@link RowCheck#settled}). A pair it has not settled sends the line through the general path, which runs the
 * check (and lets it learn); the pair is asked again on a later line.
 */
final class TablePlan {
    final String table;
    final byte[] escaped;
    /** Refused by the mapper (no usable name, or one of stratmon's own): general path only, which says why. */
    final boolean refused;
    /** The event name's bytes as lines have them (set once it is planned; the default table has none). */
    byte[] name;
    /** Per column number: a bit per {@link ColumnType} ordinal the check settled. */
    private byte[] settled = new byte[16];
    private boolean tableSettled;

    TablePlan(String table, byte[] escaped, boolean refused) {
        this.table = table;
        this.escaped = escaped;
        this.refused = refused;
    }

    /** Whether the check settled the table itself and the input's labels (SYMBOL columns on every row). */
    boolean settled(RowCheck check, String[] labels) {
        if (!tableSettled) {
            boolean all = check.settled(table);
            for (int i = 0; all && i < labels.length; i++) all = check.settled(table, labels[i], ColumnType.SYMBOL);
            tableSettled = all;
        }
        return tableSettled;
    }

    boolean settled(RowCheck check, KeyPlan plan, ColumnType type) {
        int bit = 1 << type.ordinal();
        if (plan.column < settled.length && (settled[plan.column] & bit) != 0) return true;
        if (!check.settled(table, plan.rule.column(), type)) return false;
        if (plan.column >= settled.length) settled = Arrays.copyOf(settled, Math.max(settled.length * 2, plan.column + 1));
        settled[plan.column] |= (byte) bit;
        return true;
    }
}
