package org.taxii21.server.impl

import com.fasterxml.jackson.databind.ObjectMapper
import java.io.File
import org.springframework.boot.ApplicationArguments
import org.springframework.stereotype.Component

/** An API root with its collections and the statuses its addObjects answered. */
class ApiRootHolding(val name: String, val title: String, val maxContentLength: Int, val collections: List<Collection>) {
    val statuses = linkedMapOf<String, Map<String, Any>>()
}

/**
 * The server's settings: one small JSON file, the program's one argument, naming the API roots,
 * their collections with who may read and write each, the users, and a STIX bundle to load into a
 * collection at start.
 */
@Component
class Settings(arguments: ApplicationArguments, json: ObjectMapper) {
    val store = Store()
    val title: String
    val description: String
    val host: String
    val port: Int
    val roots = linkedMapOf<String, ApiRootHolding>()
    val users = linkedMapOf<String, String>()

    init {
        require(arguments.nonOptionArgs.size == 1) { "usage: java -jar taxii-server.jar <settings.json>" }
        val settings = json.readTree(File(arguments.nonOptionArgs[0]))
        title = settings.path("title").asText()
        description = settings.path("description").asText("")
        val listen = settings.path("listen").asText("127.0.0.1:8000")
        host = listen.substringBeforeLast(':')
        port = listen.substringAfterLast(':').toInt()
        for (root in settings.path("apiRoots")) {
            val collections = root.path("collections").map { c ->
                Collection(c.path("id").asText(), c.path("alias").asText(""), c.path("title").asText(), c.path("read").map { it.asText() }.toSet(), c.path("write").map { it.asText() }.toSet()).also { collection ->
                    if (c.hasNonNull("seed")) {
                        for (obj in json.readTree(File(c["seed"].asText())).path("objects")) {
                            val entry = Store.entry(obj, store.stamp())
                            if (!collection.has(entry.id, entry.versionAt)) collection.entries += entry
                        }
                    }
                }
            }
            val name = root.path("name").asText()
            roots[name] = ApiRootHolding(name, root.path("title").asText(), root.path("maxContentLength").asInt(10 * 1024 * 1024), collections)
        }
        for (user in settings.path("users")) users[user.path("name").asText()] = user.path("password").asText()
    }
}
