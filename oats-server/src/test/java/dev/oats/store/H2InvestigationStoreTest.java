package dev.oats.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database, the laptop default. */
class H2InvestigationStoreTest extends InvestigationStoreContract {

  @TempDir Path dataDir;

  @Override
  protected DatabaseConfig newDatabase() {
    return DatabaseConfig.h2File(dataDir);
  }
}
