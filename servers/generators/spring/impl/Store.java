package org.taxii21.server.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TAXII collections this server holds, in memory: each stored object version is a record with
 * its JSON, so that what a client reads back is what was added, custom properties and all. Callers
 * hold the store's monitor (synchronized on it) while they read or change it.
 */
public final class Store {
  private static final Pattern STIX_ID = Pattern.compile("^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  /** One version of one object in one collection. */
  public record Entry(String id, String type, String version, Instant versionAt, String specVersion, Instant dateAdded, JsonNode object) {}

  /** What a request's filters select, already checked; null sets do not filter. */
  public record Filters(Instant addedAfter, Set<String> ids, Set<String> types, Set<String> specVersions, Versions versions) {}

  /** match[version]: all, first, last, exact versions. */
  public record Versions(boolean all, boolean first, boolean last, List<Instant> exact) {
    boolean picks(Entry e, boolean isFirst, boolean isLast) {
      return all || (first && isFirst) || (last && isLast) || exact.contains(e.versionAt());
    }
  }

  public static final class Collection {
    final String id, alias, title;
    final Set<String> readers, writers;
    final List<Entry> entries = new ArrayList<>(); // in date_added order

    Collection(String id, String alias, String title, Set<String> readers, Set<String> writers) {
      this.id = id;
      this.alias = alias;
      this.title = title;
      this.readers = readers;
      this.writers = writers;
    }

    boolean has(String objectId, Instant versionAt) {
      return entries.stream().anyMatch(e -> e.id().equals(objectId) && e.versionAt().equals(versionAt));
    }

    /** Per object, the versions of the chosen spec versions, then the chosen versions; then added_after; in date_added order. */
    List<Entry> selected(Filters f) {
      Map<String, List<Entry>> byObject = new LinkedHashMap<>();
      for (Entry e : entries) {
        if ((f.ids() == null || f.ids().contains(e.id())) && (f.types() == null || f.types().contains(e.type()))) {
          byObject.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
        }
      }
      List<Entry> out = new ArrayList<>();
      for (List<Entry> versions : byObject.values()) {
        Set<String> wanted = f.specVersions() != null ? f.specVersions() : Set.of(versions.stream().map(Entry::specVersion).max(Comparator.naturalOrder()).orElseThrow());
        List<Entry> kept = versions.stream().filter(e -> wanted.contains(e.specVersion())).sorted(Comparator.comparing(Entry::versionAt)).toList();
        for (int i = 0; i < kept.size(); i++) {
          Entry e = kept.get(i);
          if (f.versions().picks(e, i == 0, i == kept.size() - 1) && (f.addedAfter() == null || e.dateAdded().isAfter(f.addedAfter()))) out.add(e);
        }
      }
      out.sort(Comparator.comparing(Entry::dateAdded));
      return out;
    }
  }

  private Instant lastAdded = Instant.EPOCH;

  /** A date_added later than every earlier one, so that a client paging with added_after never skips or repeats a record. */
  synchronized Instant stamp() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    lastAdded = now.isAfter(lastAdded) ? now : lastAdded.plus(1, ChronoUnit.MICROS);
    return lastAdded;
  }

  /** An RFC 3339 UTC timestamp ending in Z; null when it is not one (30 February included). */
  static Instant parseTimestamp(String text) {
    if (text == null || !text.endsWith("Z") || !text.matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$")) return null;
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Checks the little TAXII needs of an object (a type, an id of that type) and works out its version; throws with the reason. */
  static Entry entry(JsonNode object, Instant dateAdded) {
    if (!(object instanceof ObjectNode) || !object.path("type").isTextual() || !object.path("id").isTextual()) throw new IllegalArgumentException("a STIX object needs a type and an id");
    String type = object.get("type").asText(), id = object.get("id").asText();
    Matcher m = STIX_ID.matcher(id);
    if (!m.matches() || !m.group(1).equals(type)) throw new IllegalArgumentException("the id '" + id + "' is not <type>--<UUID> for the type '" + type + "'");
    if (!"2.1".equals(object.path("spec_version").asText(null))) throw new IllegalArgumentException("this collection holds STIX 2.1 objects only (spec_version \"2.1\")");
    for (String name : List.of("modified", "created")) {
      if (object.has(name)) {
        String version = object.get(name).asText();
        Instant at = parseTimestamp(version);
        if (at == null) throw new IllegalArgumentException("'" + version + "' is not an RFC 3339 UTC timestamp");
        return new Entry(id, type, version, at, "2.1", dateAdded, object);
      }
    }
    return new Entry(id, type, Taxii.time(dateAdded), dateAdded, "2.1", dateAdded, object);
  }
}
