package io.plugsql.server.internal;

import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

import javax.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        this.protobuf = serialization == Serialization.PROTOBUF ? new CleanProtobufHandler(service) : null;
        this.json = serialization == Serialization.JSON ? new CleanJsonHandler(service) : null;
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

    /** An Avatica error response for a failure outside any request the service ran (same cleaning). */
    HandlerResponse<byte[]> error(Exception failure) {
        if (protobuf != null) {
            return protobuf.convertToErrorResponse(failure);
        }
        return utf8(json.convertToErrorResponse(failure));
    }

    /** Avatica's protobuf handler, with {@link ClientErrors#response} as its only error answer. */
    private static final class CleanProtobufHandler extends ProtobufHandler {
        private static final ProtobufTranslation TRANSLATION = new ProtobufTranslationImpl();

        CleanProtobufHandler(Service service) {
            super(service, TRANSLATION, NoopMetricsSystem.getInstance());
        }

        @Override
        public HandlerResponse<byte[]> convertToErrorResponse(Exception failure) {
            try {
                return new HandlerResponse<>(TRANSLATION.serializeResponse(ClientErrors.response(failure)),
                        HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Avatica's JSON handler, with {@link ClientErrors#response} as its only error answer. */
    private static final class CleanJsonHandler extends JsonHandler {
        CleanJsonHandler(Service service) {
            super(service, NoopMetricsSystem.getInstance());
        }

        @Override
        public HandlerResponse<String> convertToErrorResponse(Exception failure) {
            try {
                return new HandlerResponse<>(JsonService.MAPPER.writeValueAsString(ClientErrors.response(failure)),
                        HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static HandlerResponse<byte[]> utf8(HandlerResponse<String> response) {
        return new HandlerResponse<>(response.getResponse().getBytes(StandardCharsets.UTF_8), response.getStatusCode());
    }
}
