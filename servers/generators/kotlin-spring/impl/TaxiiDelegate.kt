package org.taxii21.server.impl

import com.fasterxml.jackson.databind.ObjectMapper
import java.util.Optional
import java.util.UUID
import org.springframework.http.HttpHeaders
import org.springframework.http.MediaType
import org.springframework.http.ResponseEntity
import org.springframework.stereotype.Service
import org.springframework.web.context.request.NativeWebRequest
import org.springframework.web.context.request.RequestAttributes
import org.springframework.web.context.request.RequestContextHolder
import org.taxii21.server.api.APIRootApiDelegate
import org.taxii21.server.api.CollectionsApiDelegate
import org.taxii21.server.api.DiscoveryApiDelegate
import org.taxii21.server.api.ManifestApiDelegate
import org.taxii21.server.api.ObjectsApiDelegate
import org.taxii21.server.api.StatusApiDelegate
import org.taxii21.server.model.AddObjectsEnvelope
import org.taxii21.server.model.ApiRoot
import org.taxii21.server.model.Collections
import org.taxii21.server.model.Discovery
import org.taxii21.server.model.Envelope
import org.taxii21.server.model.Manifest
import org.taxii21.server.model.StatusResource
import org.taxii21.server.model.Versions as VersionsResource
import org.taxii21.server.model.Collection as CollectionResource

/** What a client gets without limit, and the most it gets with one (§3.4: the server may return fewer). */
private const val DEFAULT_PAGE = 100L
private const val MAX_PAGE = 1000L

/**
 * The eleven TAXII operations, as the generated delegate interfaces ask for them. Bodies are
 * written as maps and JSON trees rather than the generated models, which cannot leave out an empty
 * list; each answer is a ResponseEntity of them, cast to the declared type (Spring writes the body
 * it is given; the declared type is erased).
 */
@Service
class TaxiiDelegate(private val settings: Settings, private val json: ObjectMapper) :
    DiscoveryApiDelegate, APIRootApiDelegate, CollectionsApiDelegate, ManifestApiDelegate, ObjectsApiDelegate, StatusApiDelegate {

    /** Every generated delegate offers the current request; this class reads it through RequestContextHolder. */
    override fun getRequest(): Optional<NativeWebRequest> = Optional.empty()

    @Suppress("UNCHECKED_CAST")
    private fun <T> answer(status: Int, body: Any, headers: HttpHeaders = HttpHeaders()): ResponseEntity<T> =
        ResponseEntity.status(status).headers(headers).contentType(MediaType.parseMediaType(Taxii.MEDIA_TYPE)).body(body) as ResponseEntity<T>

    private fun user(): String = RequestContextHolder.currentRequestAttributes().getAttribute(TaxiiGate.USER, RequestAttributes.SCOPE_REQUEST) as String

    private fun root(name: String) = settings.roots[name] ?: throw Failure(404, "No API root at /$name/.")

    private fun visible(rootName: String, id: String): Collection {
        val user = user()
        return root(rootName).collections.firstOrNull { (it.id == id || (it.alias.isNotEmpty() && it.alias == id)) && (user in it.readers || user in it.writers) }
            ?: throw Failure(404, "No collection $id in this API root.")
    }

    /** A collection the user may neither read nor write is not revealed (404); one right short is 403; deleting needs both (§5.7). */
    private fun collectionFor(rootName: String, id: String, need: String): Collection {
        val c = visible(rootName, id)
        val canRead = user() in c.readers
        val canWrite = user() in c.writers
        if (need == "read" && !canRead) throw Failure(403, "You may not read this collection.")
        if (need == "write" && !canWrite) throw Failure(403, "You may not add objects to this collection.")
        if (need == "delete" && !(canRead && canWrite)) throw Failure(403, "Deleting needs the rights to read and to write this collection.")
        return c
    }

    /** The filter parameters, checked; match[version] defaults to `last` (§3.4.1), or `all` for versions. */
    private fun filters(addedAfter: String?, ids: String?, types: String?, versions: String?, specVersions: String?, defaultVersion: String): Filters {
        var selection = Versions()
        for (v in (versions ?: defaultVersion).split(",")) {
            selection = when (v) {
                "all" -> selection.copy(all = true)
                "first" -> selection.copy(first = true)
                "last" -> selection.copy(last = true)
                else -> selection.copy(exact = selection.exact + (Taxii.parseTimestamp(v) ?: throw Failure(400, "match[version] takes all, first, last or STIX timestamps; '$v' is none of them.")))
            }
        }
        val after = addedAfter?.let { Taxii.parseTimestamp(it) ?: throw Failure(400, "added_after must be an RFC 3339 timestamp in UTC ending in Z; '$it' is not one.") }
        return Filters(selection, after, ids?.split(",")?.toSet(), types?.split(",")?.toSet(), specVersions?.split(",")?.toSet())
    }

    /** A page of a selection: after the date_added its next value names, at most limit; the items only when there are some (§2). */
    private fun <T> page(selection: List<Entry>, next: String?, limit: Long?, itemsKey: String, item: (Entry) -> Any): ResponseEntity<T> {
        if (limit != null && limit < 1) throw Failure(400, "limit must be a positive whole number.")
        val after = next?.let { Taxii.parseTimestamp(it) ?: throw Failure(400, "This next value was not issued by this server.") }
        val remaining = if (after == null) selection else selection.filter { it.dateAdded.isAfter(after) }
        val size = minOf(limit ?: DEFAULT_PAGE, MAX_PAGE).toInt()
        val records = remaining.take(size)
        val more = remaining.size > size
        val body = linkedMapOf<String, Any>("more" to more)
        if (more) body["next"] = Taxii.time(records.last().dateAdded)
        if (records.isNotEmpty()) body[itemsKey] = records.map(item)
        val headers = HttpHeaders()
        if (records.isNotEmpty()) {
            headers["X-TAXII-Date-Added-First"] = Taxii.time(records.first().dateAdded)
            headers["X-TAXII-Date-Added-Last"] = Taxii.time(records.last().dateAdded)
        }
        return answer(200, body, headers)
    }

    override fun getDiscovery(): ResponseEntity<Discovery> {
        val roots = settings.roots.keys.map { "/$it/" }
        val body = linkedMapOf<String, Any>("title" to settings.title)
        if (settings.description.isNotEmpty()) body["description"] = settings.description
        if (roots.isNotEmpty()) {
            body["default"] = roots.first()
            body["api_roots"] = roots
        }
        return answer(200, body)
    }

    override fun getApiRoot(apiRoot: String): ResponseEntity<ApiRoot> {
        val root = root(apiRoot)
        return answer(200, mapOf("title" to root.title, "versions" to listOf(Taxii.MEDIA_TYPE), "max_content_length" to root.maxContentLength))
    }

    private fun describe(c: Collection): Map<String, Any> {
        val body = linkedMapOf<String, Any>("id" to c.id, "title" to c.title)
        if (c.alias.isNotEmpty()) body["alias"] = c.alias
        body["can_read"] = user() in c.readers
        body["can_write"] = user() in c.writers
        body["media_types"] = listOf(Taxii.STIX21)
        return body
    }

    override fun getCollections(apiRoot: String): ResponseEntity<Collections> {
        val user = user()
        val listed = root(apiRoot).collections.filter { user in it.readers || user in it.writers }.map(::describe)
        return answer(200, if (listed.isEmpty()) emptyMap<String, Any>() else mapOf("collections" to listed))
    }

    override fun getCollection(apiRoot: String, collectionId: String): ResponseEntity<CollectionResource> = answer(200, describe(visible(apiRoot, collectionId)))

    override fun getManifest(apiRoot: String, collectionId: String, addedAfter: String?, limit: Long?, next: String?, matchId: String?, matchType: String?, matchVersion: String?, matchSpecVersion: String?): ResponseEntity<Manifest> {
        val c = collectionFor(apiRoot, collectionId, "read")
        val f = filters(addedAfter, matchId, matchType, matchVersion, matchSpecVersion, "last")
        return synchronized(settings.store) {
            page(c.selected(f), next, limit, "objects") { mapOf("id" to it.id, "date_added" to Taxii.time(it.dateAdded), "version" to it.version, "media_type" to "application/stix+json;version=${it.specVersion}") }
        }
    }

    override fun getObjects(apiRoot: String, collectionId: String, addedAfter: String?, limit: Long?, next: String?, matchId: String?, matchType: String?, matchVersion: String?, matchSpecVersion: String?): ResponseEntity<Envelope> {
        val c = collectionFor(apiRoot, collectionId, "read")
        val f = filters(addedAfter, matchId, matchType, matchVersion, matchSpecVersion, "last")
        return synchronized(settings.store) { page(c.selected(f), next, limit, "objects") { it.json } }
    }

    override fun getObject(apiRoot: String, collectionId: String, objectId: String, addedAfter: String?, limit: Long?, next: String?, matchVersion: String?, matchSpecVersion: String?): ResponseEntity<Envelope> {
        val c = collectionFor(apiRoot, collectionId, "read")
        val f = filters(addedAfter, objectId, null, matchVersion, matchSpecVersion, "last")
        return synchronized(settings.store) {
            if (c.entries.none { it.id == objectId }) throw Failure(404, "No object with this id in this collection.")
            page(c.selected(f), next, limit, "objects") { it.json }
        }
    }

    override fun getObjectVersions(apiRoot: String, collectionId: String, objectId: String, addedAfter: String?, limit: Long?, next: String?, matchSpecVersion: String?): ResponseEntity<VersionsResource> {
        val c = collectionFor(apiRoot, collectionId, "read")
        val f = filters(addedAfter, objectId, null, null, matchSpecVersion, "all")
        return synchronized(settings.store) {
            if (c.entries.none { it.id == objectId }) throw Failure(404, "No object with this id in this collection.")
            page(c.selected(f), next, limit, "versions") { it.version }
        }
    }

    override fun deleteObject(apiRoot: String, collectionId: String, objectId: String, matchVersion: String?, matchSpecVersion: String?): ResponseEntity<Unit> {
        val c = collectionFor(apiRoot, collectionId, "delete")
        val f = filters(null, objectId, null, matchVersion, matchSpecVersion, "last")
        synchronized(settings.store) {
            val doomed = c.selected(f)
            if (doomed.isEmpty()) throw Failure(404, "No version of an object with this id matches the filters in this collection.")
            c.entries.removeAll(doomed.toSet())
        }
        return ResponseEntity.ok().build()
    }

    override fun addObjects(apiRoot: String, collectionId: String, addObjectsEnvelope: AddObjectsEnvelope): ResponseEntity<StatusResource> {
        val root = root(apiRoot)
        val c = collectionFor(apiRoot, collectionId, "write")
        val successes = mutableListOf<Map<String, Any>>()
        val failures = mutableListOf<Map<String, Any>>()
        val status = linkedMapOf<String, Any>()
        synchronized(settings.store) {
            status["id"] = UUID.randomUUID().toString()
            status["status"] = "complete"
            status["request_timestamp"] = Taxii.time(settings.store.stamp())
            for (obj in addObjectsEnvelope.objects) {
                val tree = json.valueToTree<com.fasterxml.jackson.databind.JsonNode>(obj)
                try {
                    val entry = Store.entry(tree, settings.store.stamp())
                    val detail = linkedMapOf<String, Any>("id" to entry.id, "version" to entry.version)
                    // The same id and version again is not an error (§5.5); it is not stored twice.
                    if (c.has(entry.id, entry.versionAt)) detail["message"] = "Already stored; not stored again." else c.entries += entry
                    successes += detail
                } catch (problem: IllegalArgumentException) {
                    failures += mapOf("id" to tree.path("id").asText(""), "version" to tree.path("modified").asText(""), "message" to (problem.message ?: "invalid"))
                }
            }
            status["total_count"] = addObjectsEnvelope.objects.size
            status["success_count"] = successes.size
            status["failure_count"] = failures.size
            status["pending_count"] = 0
            if (successes.isNotEmpty()) status["successes"] = successes
            if (failures.isNotEmpty()) status["failures"] = failures
            root.statuses[status["id"] as String] = status
        }
        return answer(202, status)
    }

    override fun getStatus(apiRoot: String, statusId: String): ResponseEntity<StatusResource> {
        val root = root(apiRoot)
        return synchronized(settings.store) { answer(200, root.statuses[statusId] ?: throw Failure(404, "No status $statusId in this API root.")) }
    }
}
