package dev.oats.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;

/** How the stores write and read instants, the same way on H2 and PostgreSQL. */
final class SqlTime {

  private SqlTime() {}

  /**
   * Binds an instant as a UTC {@code OffsetDateTime}, the JDBC 4.2 type both drivers map to {@code
   * TIMESTAMP WITH TIME ZONE} without passing through the JVM's time zone. Truncated to the
   * microsecond so what is read back equals what was written on both databases.
   */
  static Argument timestamp(Instant instant) {
    return (position, statement, ctx) -> {
      if (instant == null) {
        statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        statement.setObject(
            position, instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
      }
    };
  }

  /** The instant in a {@code TIMESTAMP WITH TIME ZONE} column, or null. */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
