package dev.eventfold.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one list of the CloudEvents context attributes Eventfold reads and writes, with their CloudEvents type and
 * size limit; {@link EventCodec} validates by it, {@link KafkaBinding} ({@code ce_*}) and {@link HttpBinding}
 * ({@code ce-*}) map exactly these to headers. Any other attribute is an extension: its name must follow
 * {@link #validExtensionName}. Limits count UTF-8 bytes, so that a composite key of organization, source and id
 * (at most 1,536 bytes) stays within PostgreSQL's B-tree entry limit of about 2,700 bytes.
 */
public final class CloudEventAttributes {

    /** Largest {@code id}, {@code subject}, {@code type}, {@code orgid}, {@code actorid} and data entity id, in UTF-8 bytes. */
    public static final int MAX_ID_BYTES = 256;
    /** Largest {@code source} and {@code dataschema}, in UTF-8 bytes. */
    public static final int MAX_SOURCE_BYTES = 1024;
    /** Largest string value of an extension attribute, in UTF-8 bytes. */
    public static final int MAX_EXTENSION_BYTES = 1024;
    /** Longest attribute name: the CloudEvents recommendation ("SHOULD NOT exceed 20"), enforced. */
    public static final int MAX_NAME_LENGTH = 20;

    /** The member of a structured event that carries JSON data, and the one for Base64 data (refused here). */
    public static final String DATA = "data";
    public static final String DATA_BASE64 = "data_base64";

    /** The CloudEvents type of an attribute, as its value is checked. */
    public enum Kind { STRING, URI_REFERENCE, URI, TIMESTAMP, TRACEPARENT }

    /** One context attribute: its name (also the header name after the binding's prefix), type and limit in bytes. */
    public record Attribute(String name, Kind kind, int maxBytes) {
    }

    public static final Attribute SPECVERSION = new Attribute("specversion", Kind.STRING, 16);
    public static final Attribute ID = new Attribute("id", Kind.STRING, MAX_ID_BYTES);
    public static final Attribute SOURCE = new Attribute("source", Kind.URI_REFERENCE, MAX_SOURCE_BYTES);
    public static final Attribute TYPE = new Attribute("type", Kind.STRING, MAX_ID_BYTES);
    public static final Attribute SUBJECT = new Attribute("subject", Kind.STRING, MAX_ID_BYTES);
    public static final Attribute TIME = new Attribute("time", Kind.TIMESTAMP, 64);
    public static final Attribute DATACONTENTTYPE = new Attribute("datacontenttype", Kind.STRING, MAX_ID_BYTES);
    public static final Attribute DATASCHEMA = new Attribute("dataschema", Kind.URI, MAX_SOURCE_BYTES);
    /** Extension: the tenant. */
    public static final Attribute ORGID = new Attribute("orgid", Kind.STRING, MAX_ID_BYTES);
    /** Extension: the person who acted, where one did. */
    public static final Attribute ACTORID = new Attribute("actorid", Kind.STRING, MAX_ID_BYTES);

    /**
     * Extension (CloudEvents distributed tracing): the W3C trace context of the trace the event belongs to. Not the
     * transport's: an HTTP {@code traceparent} header or a Kafka record's is a hop's, this one stays with the event.
     */
    public static final Attribute TRACEPARENT = new Attribute("traceparent", Kind.TRACEPARENT, 55);
    /** Extension (CloudEvents distributed tracing): the W3C {@code tracestate} that goes with {@link #TRACEPARENT}. */
    public static final Attribute TRACESTATE =
            new Attribute("tracestate", Kind.STRING, TraceContext.MAX_TRACESTATE_BYTES);

    /**
     * Extension (CloudEvents sequence): on derived state events, the subject's version as a zero-padded decimal, so
     * that comparing two as strings orders them.
     */
    public static final Attribute SEQUENCE = new Attribute("sequence", Kind.STRING, 64);

    /** Every attribute Eventfold knows, in the order the bindings write them. */
    public static final List<Attribute> ALL = List.of(SPECVERSION, ID, SOURCE, TYPE, SUBJECT, TIME, DATACONTENTTYPE,
            DATASCHEMA, ORGID, ACTORID, TRACEPARENT, TRACESTATE, SEQUENCE);

    /**
     * The attributes a binding carries in {@code ce} headers: all but {@code datacontenttype}, which both the HTTP
     * and the Kafka binding map to the {@code content-type} header.
     */
    public static final List<Attribute> HEADERS = ALL.stream().filter(a -> a != DATACONTENTTYPE).toList();

    private static final Map<String, Attribute> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Attribute::name, Function.identity()));
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1," + MAX_NAME_LENGTH + "}");

    private CloudEventAttributes() {
    }

    public static Optional<Attribute> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** CloudEvents attribute names: lower-case ASCII letters and digits only, here at most 20 of them. */
    public static boolean validExtensionName(String name) {
        return NAME.matcher(name).matches();
    }
}
