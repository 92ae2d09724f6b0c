package dev.oats.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The replicas' store contract on an H2 file (one process, several pools). */
class H2ReplicaStoreTest extends ReplicaStoreContract {

  @TempDir Path dataDir;

  @Override
  protected DatabaseConfig newDatabase() {
    return DatabaseConfig.h2File(dataDir);
  }
}
