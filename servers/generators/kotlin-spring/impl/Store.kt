package org.taxii21.server.impl

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import java.time.Instant
import java.time.temporal.ChronoUnit

/** One version of one object in one collection, with its JSON: custom properties and all. */
data class Entry(val id: String, val type: String, val version: String, val versionAt: Instant, val specVersion: String, val dateAdded: Instant, val json: JsonNode)

/** match[version]: all, first, last and exact versions. */
data class Versions(val all: Boolean = false, val first: Boolean = false, val last: Boolean = false, val exact: List<Instant> = emptyList()) {
    fun picks(entry: Entry, isFirst: Boolean, isLast: Boolean) = all || (first && isFirst) || (last && isLast) || entry.versionAt in exact
}

/** What a request's filters select, already checked; null sets do not filter. */
data class Filters(val versions: Versions, val addedAfter: Instant? = null, val ids: Set<String>? = null, val types: Set<String>? = null, val specVersions: Set<String>? = null)

class Collection(val id: String, val alias: String, val title: String, val readers: Set<String>, val writers: Set<String>) {
    /** In date_added order. */
    val entries = mutableListOf<Entry>()

    fun has(objectId: String, versionAt: Instant) = entries.any { it.id == objectId && it.versionAt == versionAt }

    /** Per object, the versions of the chosen spec versions, then the chosen versions; then added_after; in date_added order. */
    fun selected(f: Filters): List<Entry> =
        entries.filter { (f.ids == null || it.id in f.ids) && (f.types == null || it.type in f.types) }
            .groupBy { it.id }.values
            .flatMap { versions ->
                val wanted = f.specVersions ?: setOf(versions.maxOf { it.specVersion })
                val kept = versions.filter { it.specVersion in wanted }.sortedBy { it.versionAt }
                kept.filterIndexed { i, e -> f.versions.picks(e, i == 0, i == kept.lastIndex) && (f.addedAfter == null || e.dateAdded.isAfter(f.addedAfter)) }
            }
            .sortedBy { it.dateAdded }
}

/** The server's collections live in memory; callers hold this object's monitor while they read or change them. */
class Store {
    private var lastAdded = Instant.EPOCH

    /** A date_added later than every earlier one, so that a client paging with added_after never skips or repeats a record. */
    @Synchronized
    fun stamp(): Instant {
        val now = Instant.now().truncatedTo(ChronoUnit.MICROS)
        lastAdded = if (now.isAfter(lastAdded)) now else lastAdded.plus(1, ChronoUnit.MICROS)
        return lastAdded
    }

    companion object {
        private val STIX_ID = Regex("^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

        /** Checks the little TAXII needs of an object (a type, an id of that type) and works out its version; throws with the reason. */
        fun entry(json: JsonNode, dateAdded: Instant): Entry {
            require(json is ObjectNode && json.path("type").isTextual && json.path("id").isTextual) { "a STIX object needs a type and an id" }
            val type = json["type"].asText()
            val id = json["id"].asText()
            val match = STIX_ID.matchEntire(id)
            require(match != null && match.groupValues[1] == type) { "the id '$id' is not <type>--<UUID> for the type '$type'" }
            require(json.path("spec_version").asText(null) == "2.1") { "this collection holds STIX 2.1 objects only (spec_version \"2.1\")" }
            for (name in listOf("modified", "created")) {
                if (json.has(name)) {
                    val version = json[name].asText()
                    val at = Taxii.parseTimestamp(version) ?: throw IllegalArgumentException("'$version' is not an RFC 3339 UTC timestamp")
                    return Entry(id, type, version, at, "2.1", dateAdded, json)
                }
            }
            return Entry(id, type, Taxii.time(dateAdded), dateAdded, "2.1", dateAdded, json)
        }
    }
}
