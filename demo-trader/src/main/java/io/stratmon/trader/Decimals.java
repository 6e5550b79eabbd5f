package io.stratmon.trader;

/** Rounding for logged money and averages, so lines carry 6 decimals instead of 17 digits of float noise. */
final class Decimals {
    private Decimals() {
    }

    /** {@code value} rounded half up to 6 decimals; never returns {@code -0.0}. */
    static double round6(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
