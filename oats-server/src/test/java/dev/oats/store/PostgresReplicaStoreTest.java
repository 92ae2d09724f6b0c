package dev.oats.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The replicas' store contract on a real PostgreSQL server. */
class PostgresReplicaStoreTest extends ReplicaStoreContract {

  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  @Override
  protected DatabaseConfig newDatabase() {
    return postgres.newDatabase();
  }
}
