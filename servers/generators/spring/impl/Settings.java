package org.taxii21.server.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.stereotype.Component;

/**
 * The server's settings: one small JSON file, the program's one argument, naming the API roots,
 * their collections with who may read and write each, the users, and a STIX bundle to load into a
 * collection at start.
 */
@Component
public class Settings {
  /** An API root with its collections and the statuses its addObjects answered. */
  public static final class ApiRoot {
    final String name, title;
    final int maxContentLength;
    final List<Store.Collection> collections;
    final Map<String, Map<String, Object>> statuses = new LinkedHashMap<>();

    ApiRoot(String name, String title, int maxContentLength, List<Store.Collection> collections) {
      this.name = name;
      this.title = title;
      this.maxContentLength = maxContentLength;
      this.collections = collections;
    }
  }

  final String title, description, host;
  final int port;
  final Map<String, ApiRoot> roots = new LinkedHashMap<>();
  final Map<String, String> users = new LinkedHashMap<>();
  final Store store = new Store();

  public Settings(ApplicationArguments arguments, ObjectMapper json) throws IOException {
    if (arguments.getNonOptionArgs().size() != 1) throw new IllegalArgumentException("usage: java -jar taxii-server.jar <settings.json>");
    JsonNode settings = json.readTree(new File(arguments.getNonOptionArgs().get(0)));
    title = settings.path("title").asText();
    description = settings.path("description").asText("");
    String listen = settings.path("listen").asText("127.0.0.1:8000");
    host = listen.substring(0, listen.lastIndexOf(':'));
    port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    for (JsonNode root : settings.path("apiRoots")) {
      List<Store.Collection> collections = new java.util.ArrayList<>();
      for (JsonNode c : root.path("collections")) {
        Store.Collection collection = new Store.Collection(c.path("id").asText(), c.path("alias").asText(""), c.path("title").asText(), names(c.path("read")), names(c.path("write")));
        if (c.hasNonNull("seed")) {
          for (JsonNode object : json.readTree(new File(c.get("seed").asText())).path("objects")) {
            Store.Entry entry = Store.entry(object, store.stamp());
            if (!collection.has(entry.id(), entry.versionAt())) collection.entries.add(entry);
          }
        }
        collections.add(collection);
      }
      int max = root.path("maxContentLength").asInt(10 * 1024 * 1024);
      roots.put(root.path("name").asText(), new ApiRoot(root.path("name").asText(), root.path("title").asText(), max, collections));
    }
    for (JsonNode user : settings.path("users")) users.put(user.path("name").asText(), user.path("password").asText());
  }

  private static Set<String> names(JsonNode list) {
    Set<String> out = new HashSet<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }
}
