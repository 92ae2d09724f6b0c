package dev.oats.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * OATS keeps no HTTP sessions: every request carries its key or ticket. Javalin still asks for the
 * session of every WebSocket upgrade (to copy its attributes), and Jetty answers by creating one,
 * with a cookie, for anyone who knocks: 20,000 refused upgrades left 20,000 sessions. This filter
 * answers such questions with an empty session that is stored nowhere.
 */
final class NoSessions implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(new Sessionless((HttpServletRequest) request), response);
  }

  private static final class Sessionless extends HttpServletRequestWrapper {
    Sessionless(HttpServletRequest request) {
      super(request);
    }

    @Override
    public HttpSession getSession() {
      return getSession(true);
    }

    @Override
    public HttpSession getSession(boolean create) {
      return create ? new EmptySession(getServletContext()) : null;
    }

    @Override
    public String changeSessionId() {
      throw new IllegalStateException("OATS keeps no HTTP sessions");
    }

    @Override
    public boolean isRequestedSessionIdValid() {
      return false;
    }
  }

  /** A session with no attributes that refuses any; nothing refers to it after the request. */
  private record EmptySession(ServletContext context) implements HttpSession {
    @Override
    public long getCreationTime() {
      return 0;
    }

    @Override
    public String getId() {
      return "";
    }

    @Override
    public long getLastAccessedTime() {
      return 0;
    }

    @Override
    public ServletContext getServletContext() {
      return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {}

    @Override
    public int getMaxInactiveInterval() {
      return 0;
    }

    @Override
    public Object getAttribute(String name) {
      return null;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
      return Collections.emptyEnumeration();
    }

    @Override
    public void setAttribute(String name, Object value) {
      throw new UnsupportedOperationException("OATS keeps no HTTP sessions");
    }

    @Override
    public void removeAttribute(String name) {}

    @Override
    public void invalidate() {}

    @Override
    public boolean isNew() {
      return true;
    }
  }
}
