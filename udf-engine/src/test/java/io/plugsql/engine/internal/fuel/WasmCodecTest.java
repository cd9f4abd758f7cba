package io.plugsql.engine.internal.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Tests LEB128 encoding and decoding at the edges of each width. */
class WasmCodecTest {
    @Test
    void unsignedRoundTrips() {
        for (long value : new long[] {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 0xFFFF_FFFFL}) {
            byte[] encoded = new WasmWriter(8).writeU32(value).toByteArray();
            WasmReader reader = new WasmReader(encoded);
            assertEquals(value, reader.readU32());
            assertEquals(encoded.length, reader.position());
        }
    }

    @Test
    void signedRoundTrips() {
        long[] values = {0, 1, -1, 63, 64, -64, -65, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE};
        for (long value : values) {
            byte[] encoded = new WasmWriter(12).writeS64(value).toByteArray();
            assertEquals(value, new WasmReader(encoded).readSigned(64));
        }
    }

    @Test
    void knownEncodings() {
        assertArrayEquals(new byte[] {(byte) 0xE5, (byte) 0x8E, 0x26}, new WasmWriter(4).writeU32(624_485).toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xC0, (byte) 0xBB, 0x78}, new WasmWriter(4).writeS64(-123_456).toByteArray());
        assertEquals(-64, new WasmReader(new byte[] {0x40}).readSigned(33));
        assertEquals(-1, new WasmReader(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}).readSigned(32));
    }

    @Test
    void overLongOrOversizedEncodingsAreRefused() {
        byte[] sixBytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00};
        assertThrows(IllegalArgumentException.class, () -> new WasmReader(sixBytes).readU32());
        byte[] tooBig = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x1F};
        assertThrows(IllegalArgumentException.class, () -> new WasmReader(tooBig).readU32());
        byte[] s32TooBig = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x4F};
        assertThrows(IllegalArgumentException.class, () -> new WasmReader(s32TooBig).readSigned(32));
        assertThrows(IllegalArgumentException.class, () -> new WasmReader(new byte[] {(byte) 0x80}).readU32());
        assertThrows(IllegalArgumentException.class, () -> new WasmReader(new byte[] {1, 2}).skip(3));
    }
}
