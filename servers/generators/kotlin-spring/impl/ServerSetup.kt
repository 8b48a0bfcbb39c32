package org.taxii21.server.impl

import java.net.InetAddress
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory
import org.springframework.boot.web.server.WebServerFactoryCustomizer
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent
import org.springframework.context.ApplicationListener
import org.springframework.stereotype.Component

/**
 * Where the server listens (from the settings file) and what Tomcat must let through: TAXII's
 * filters are query parameters named `match[type]` and so on, whose brackets clients send
 * unencoded, and Tomcat refuses `[` and `]` in a query by default (400 before any code runs).
 */
@Component
class ServerSetup(private val settings: Settings) : WebServerFactoryCustomizer<TomcatServletWebServerFactory>, ApplicationListener<ServletWebServerInitializedEvent> {
    override fun customize(factory: TomcatServletWebServerFactory) {
        factory.address = InetAddress.getByName(settings.host)
        factory.port = settings.port
        factory.addConnectorCustomizers({ connector -> connector.setProperty("relaxedQueryChars", "[]") })
    }

    override fun onApplicationEvent(event: ServletWebServerInitializedEvent) {
        println("TAXII 2.1 server: discovery at http://${settings.host}:${event.webServer.port}/taxii2/")
    }
}
