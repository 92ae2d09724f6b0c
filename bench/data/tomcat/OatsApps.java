package demo;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The web applications that bench/data/tomcat/generate.py deploys to Tomcat: small servlets that
 * answer, refuse bad input, throw, log through ServletContext.log, and leak a thread. */
public final class OatsApps {
  private OatsApps() {}

  static final Map<String, Integer> STOCK = new ConcurrentHashMap<>();

  /** /shop/orders?id=...&user=... */
  public static class Orders extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp)
        throws ServletException, IOException {
      String id = req.getParameter("id");
      String user = req.getParameter("user");
      if (id == null) {
        resp.sendError(400, "id is required");
        return;
      }
      if (id.startsWith("fail")) {
        throw new ServletException(
            "order store unavailable",
            new IllegalStateException("connection pool exhausted after " + id.length() * 250 + " ms"));
      }
      if (id.startsWith("gone")) {
        String missing = STOCK.containsKey(id) ? "x" : null;
        resp.getWriter().println(missing.length());
        return;
      }
      if (user != null) {
        getServletContext().log("order " + id + " viewed by " + user);
      }
      resp.setContentType("text/plain");
      resp.getWriter().println("order " + id);
    }
  }

  /** /api/items?limit=n: a bad limit throws NumberFormatException, a negative one an IllegalArgumentException. */
  public static class Items extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String raw = req.getParameter("limit");
      int limit = Integer.parseInt(raw == null ? "10" : raw);
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative: " + limit);
      }
      String slow = req.getParameter("slow");
      if (slow != null) {
        try {
          Thread.sleep(Long.parseLong(slow));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      resp.setContentType("application/json");
      resp.getWriter().println("{\"items\":" + Math.min(limit, 100) + "}");
    }
  }

  /** /admin/flush?user=...: logs through ServletContext.log, with a throwable when the cache is locked. */
  public static class Flush extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String user = req.getParameter("user");
      String region = req.getParameter("region");
      if ("locked".equals(region)) {
        getServletContext()
            .log("cache flush of region " + region + " failed", new IOException("region " + region + " is locked by " + user));
        resp.sendError(409);
        return;
      }
      getServletContext().log("cache flush of region " + region + " requested by " + user);
      resp.setStatus(204);
    }
  }

  /** Starts a thread it never stops, as many applications do: Tomcat warns of the leak when the
   * application stops. */
  public static class Refresher implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent sce) {
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              sce.getServletContext().getContextPath().substring(1) + "-cache-refresher");
      t.setDaemon(true);
      t.start();
      sce.getServletContext().log("cache refresher started");
    }
  }
}
