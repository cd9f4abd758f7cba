package io.plugsql.samples;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A compiled sample Wasm module with its provenance: file name, SHA-256 recorded at build time,
 * source language, source path and the exact build command (both relative to {@code sample-udfs/}).
 */
public record SampleModule(String file, String sha256, String language, String source, String buildCommand,
        byte[] bytes) {
    public SampleModule {
        requireNonNull(file, "file is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(language, "language is null");
        requireNonNull(source, "source is null");
        requireNonNull(buildCommand, "buildCommand is null");
        bytes = requireNonNull(bytes, "bytes is null").clone();
    }

    /** Returns a copy of the module's bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Returns the module as an SQL binary literal body: upper-case hex digits, no prefix. */
    public String hex() {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampleModule that
                && file.equals(that.file)
                && sha256.equals(that.sha256)
                && language.equals(that.language)
                && source.equals(that.source)
                && buildCommand.equals(that.buildCommand)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + sha256.hashCode();
    }

    @Override
    public String toString() {
        return file + " (" + language + ", " + bytes.length + " bytes, sha256 " + sha256 + ")";
    }
}
