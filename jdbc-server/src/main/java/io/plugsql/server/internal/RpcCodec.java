package io.plugsql.server.internal;

import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/** Decodes one Avatica request body, runs it on the service and encodes the answer, in either serialization. */
final class RpcCodec {
    private final Serialization serialization;
    private final ProtobufHandler protobuf;
    private final JsonHandler json;

    RpcCodec(Service service, Serialization serialization) {
        requireNonNull(service, "service is null");
        this.serialization = requireNonNull(serialization, "serialization is null");
        this.protobuf = serialization == Serialization.PROTOBUF
                ? new ProtobufHandler(service, new ProtobufTranslationImpl(), NoopMetricsSystem.getInstance())
                : null;
        this.json = serialization == Serialization.JSON ? new JsonHandler(service, NoopMetricsSystem.getInstance()) : null;
    }

    String contentType() {
        return serialization == Serialization.PROTOBUF ? "application/octet-stream" : "application/json;charset=utf-8";
    }

    /** Runs the request; failures come back as Avatica error responses. */
    HandlerResponse<byte[]> apply(byte[] body) {
        if (protobuf != null) {
            return protobuf.apply(body);
        }
        return utf8(json.apply(new String(body, StandardCharsets.UTF_8)));
    }

    /** An Avatica error response for a failure outside any request the service ran. */
    HandlerResponse<byte[]> error(Exception failure) {
        if (protobuf != null) {
            return protobuf.convertToErrorResponse(failure);
        }
        return utf8(json.convertToErrorResponse(failure));
    }

    private static HandlerResponse<byte[]> utf8(HandlerResponse<String> response) {
        return new HandlerResponse<>(response.getResponse().getBytes(StandardCharsets.UTF_8), response.getStatusCode());
    }
}
