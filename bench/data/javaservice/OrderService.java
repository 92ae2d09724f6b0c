package com.example.shop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small order service, the kind a team runs in a container: Javalin (Jetty) for HTTP, Jackson for
 * JSON, HikariCP over an H2 database, a payment call to another service over HTTP, a scheduled
 * reconciliation job; logging through SLF4J and Logback. bench/data/javaservice/generate.py runs it
 * and drives it with requests until its log holds enough lines.
 *
 * <p>Usage: java -cp 'lib/*' OrderService.java PORT PAYMENT_PORT
 */
public final class OrderService {

  private static final Logger log = LoggerFactory.getLogger(OrderService.class);
  private static final Logger audit = LoggerFactory.getLogger("com.example.shop.audit.OrderAudit");
  private static final ObjectMapper json = new ObjectMapper();

  /** A failure of the order store, wrapping the SQL error under it. */
  static final class OrderStoreException extends RuntimeException {
    OrderStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A failed call to the payment service. */
  static final class PaymentException extends Exception {
    PaymentException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  record Order(long id, String customer, String sku, int quantity) {}

  private final HikariDataSource db;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
  private final int paymentPort;
  private final AtomicInteger reconciled = new AtomicInteger();

  OrderService(HikariDataSource db, int paymentPort) {
    this.db = db;
    this.paymentPort = paymentPort;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int paymentPort = Integer.parseInt(args[1]);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(250);
    config.setPoolName("orders-db");
    HikariDataSource db = new HikariDataSource(config);
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, customer VARCHAR(20) NOT NULL,"
              + " sku VARCHAR(12) NOT NULL, quantity INT CHECK (quantity > 0))");
      s.execute("CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(12) PRIMARY KEY, left_count INT)");
      s.execute("MERGE INTO stock KEY(sku) VALUES ('SKU-1001', 40), ('SKU-2002', 7), ('SKU-3003', 2)");
    }
    log.info("Order store ready: {} tables, pool {}", 2, config.getPoolName());
    OrderService service = new OrderService(db, paymentPort);
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.requestLogger.http(
                  (ctx, ms) ->
                      log.info(
                          "{} {} -> {} in {} ms",
                          ctx.method(),
                          ctx.path(),
                          ctx.statusCode(),
                          String.format("%.1f", ms)));
            });
    app.get("/orders/{id}", service::getOrder);
    app.post("/orders", service::createOrder);
    app.post("/orders/{id}/pay", service::pay);
    app.get("/reports/{name}", service::report);
    app.get("/stock/{sku}", service::stock);
    app.get("/slow", service::slow);
    app.exception(
        OrderStoreException.class,
        (e, ctx) -> {
          log.error("Order store failure on {} {}", ctx.method(), ctx.path(), e);
          ctx.status(503).result("store unavailable");
        });
    app.exception(
        PaymentException.class,
        (e, ctx) -> {
          log.error("Payment failed for {}", ctx.path(), e);
          ctx.status(502).result("payment failed");
        });
    ScheduledExecutorService jobs =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "reconciler"));
    jobs.scheduleAtFixedRate(service::reconcile, 1, 1, TimeUnit.SECONDS);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Shutting down after {} reconciliations", service.reconciled.get());
                  jobs.shutdownNow();
                  app.stop();
                  db.close();
                },
                "shutdown"));
    app.start("127.0.0.1", port);
  }

  void getOrder(Context ctx) throws SQLException {
    long id = Long.parseLong(ctx.pathParam("id"));
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT customer, sku, quantity FROM orders WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          log.warn("Order {} not found", id);
          throw new NotFoundResponse("no order " + id);
        }
        ctx.json(new Order(id, rs.getString(1), rs.getString(2), rs.getInt(3)));
      }
    }
  }

  void createOrder(Context ctx) {
    Order order;
    try {
      order = json.readValue(ctx.body(), Order.class);
    } catch (JsonProcessingException e) {
      log.warn("Rejected order payload from {}: {}", ctx.ip(), e.getOriginalMessage());
      ctx.status(400).result("bad payload");
      return;
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)")) {
      ps.setLong(1, order.id());
      ps.setString(2, order.customer());
      ps.setString(3, order.sku());
      ps.setInt(4, order.quantity());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new OrderStoreException("Could not save order " + order.id(), e);
    }
    audit.info("order={} customer={} sku={} qty={} action=created", order.id(), order.customer(), order.sku(), order.quantity());
    ctx.status(201);
  }

  void pay(Context ctx) throws PaymentException {
    String id = ctx.pathParam("id");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + paymentPort + "/charge/" + id))
            .timeout(Duration.ofMillis(500))
            .POST(HttpRequest.BodyPublishers.ofString("{\"order\":" + id + "}"))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      log.info("Payment for order {} answered {}", id, response.statusCode());
    } catch (java.io.IOException e) {
      throw new PaymentException("Payment service unreachable for order " + id, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaymentException("Interrupted while paying order " + id, e);
    }
  }

  void report(Context ctx) {
    String name = ctx.pathParam("name");
    String table = Map.of("daily", "orders", "stock", "stock").getOrDefault(name, name + "_summary");
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      log.debug("Report {} counted {} rows", name, rs.getLong(1));
      ctx.result(Long.toString(rs.getLong(1)));
    } catch (SQLException e) {
      throw new OrderStoreException("Report " + name + " failed", e);
    }
  }

  void stock(Context ctx) throws SQLException {
    String sku = ctx.pathParam("sku");
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT left_count FROM stock WHERE sku = ?")) {
      ps.setString(1, sku);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("Unknown SKU: " + sku);
        }
        int left = rs.getInt(1);
        if (left < 10) {
          log.warn("Stock for {} is low: {} left", sku, left);
        }
        ctx.result(Integer.toString(left));
      }
    }
  }

  void slow(Context ctx) throws InterruptedException {
    try (Connection c = db.getConnection()) {
      Thread.sleep(400);
      ctx.result("done");
    } catch (SQLException e) {
      throw new OrderStoreException("Slow query could not get a connection", e);
    }
  }

  void reconcile() {
    int run = reconciled.incrementAndGet();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      rs.next();
      log.info("Reconciliation #{} checked {} orders", run, rs.getLong(1));
    } catch (SQLException e) {
      log.warn("Reconciliation #{} skipped: {}", run, e.getMessage());
    }
  }
}
