package org.taxii21.server.impl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Where the server listens (from the settings file) and what Tomcat must let through: TAXII's
 * filters are query parameters named `match[type]` and so on, whose brackets clients send
 * unencoded, and Tomcat refuses `[` and `]` in a query by default (400 before any code runs).
 */
@Component
public class ServerSetup implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, ApplicationListener<ServletWebServerInitializedEvent> {
  private final Settings settings;

  public ServerSetup(Settings settings) {
    this.settings = settings;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    try {
      factory.setAddress(InetAddress.getByName(settings.host));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("listen: unknown host " + settings.host, e);
    }
    factory.setPort(settings.port);
    factory.addConnectorCustomizers(connector -> connector.setProperty("relaxedQueryChars", "[]"));
  }

  @Override
  public void onApplicationEvent(ServletWebServerInitializedEvent event) {
    System.out.println("TAXII 2.1 server: discovery at http://" + settings.host + ":" + event.getWebServer().getPort() + "/taxii2/");
  }
}
