package images

import (
	"bytes"
	"encoding/binary"
)

// Strip returns data, a whole JPEG or PNG file, without its metadata:
// EXIF (camera, time, GPS position), XMP, IPTC, comments and PNG text
// chunks. The pixels, colour profile and everything needed to show the
// image are kept byte for byte. Other formats, and files it cannot
// follow, are returned as they are.
func Strip(f Format, data []byte) []byte {
	switch f {
	case JPEG:
		return stripJPEG(data)
	case PNG:
		return stripPNG(data)
	}
	return data
}

// stripJPEG drops APP1 (EXIF, XMP), APP13 (IPTC) and COM segments before
// the first scan.
func stripJPEG(data []byte) []byte {
	out := make([]byte, 0, len(data))
	out = append(out, data[:2]...)
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xff {
			return data
		}
		marker := data[i+1]
		if marker == 0xda { // start of scan: the rest is image data
			break
		}
		n := int(binary.BigEndian.Uint16(data[i+2 : i+4]))
		if n < 2 || i+2+n > len(data) {
			return data
		}
		if marker != 0xe1 && marker != 0xed && marker != 0xfe {
			out = append(out, data[i:i+2+n]...)
		}
		i += 2 + n
	}
	return append(out, data[i:]...)
}

// stripPNG drops eXIf, tEXt, zTXt, iTXt and tIME chunks.
func stripPNG(data []byte) []byte {
	const sig = 8
	if len(data) < sig {
		return data
	}
	out := make([]byte, 0, len(data))
	out = append(out, data[:sig]...)
	for i := sig; i < len(data); {
		if i+12 > len(data) {
			return data
		}
		n := int(binary.BigEndian.Uint32(data[i : i+4]))
		end := i + 12 + n
		if n < 0 || end > len(data) || end < i {
			return data
		}
		typ := data[i+4 : i+8]
		drop := false
		for _, t := range [][]byte{[]byte("eXIf"), []byte("tEXt"), []byte("zTXt"), []byte("iTXt"), []byte("tIME")} {
			if bytes.Equal(typ, t) {
				drop = true
			}
		}
		if !drop {
			out = append(out, data[i:end]...)
		}
		i = end
		if string(typ) == "IEND" {
			break
		}
	}
	return out
}
