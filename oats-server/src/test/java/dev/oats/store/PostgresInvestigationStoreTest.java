package dev.oats.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real PostgreSQL server. */
class PostgresInvestigationStoreTest extends InvestigationStoreContract {

  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  @Override
  protected DatabaseConfig newDatabase() {
    return postgres.newDatabase();
  }
}
