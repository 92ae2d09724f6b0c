package dev.oats.tools.files;

import java.util.Locale;

/** Byte counts as people read them. */
final class Sizes {

  private static final String[] UNITS = {"KB", "MB", "GB", "TB"};

  private Sizes() {}

  /** {@code 512 B}, {@code 4.2 KB}, {@code 1.5 MB}. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
