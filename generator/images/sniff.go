package images

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"

	"golang.org/x/image/webp"
)

// sniff fills in img's format and size from data, the whole file, and
// checks that the file is complete. ext is the file name's extension.
func sniff(img *Image, data []byte, ext string) error {
	ext = strings.ToLower(ext)
	var decodeConfig func([]byte) (image.Config, error)
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		img.Format = JPEG
		decodeConfig = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		img.Format = PNG
		decodeConfig = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		img.Format = GIF
		decodeConfig = func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) }
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		img.Format = WebP
		decodeConfig = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
	default:
		text := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 4096)], []byte("\ufeff")), " \t\r\n"))
		if ext == ".svg" && bytes.Contains(text, []byte("<svg")) {
			img.Format = SVG
			return sniffSVG(img, data)
		}
		switch {
		case len(data) == 0:
			return fmt.Errorf("the file is empty, not an image")
		case bytes.HasPrefix(text, []byte("<!doctype html")) || bytes.HasPrefix(text, []byte("<html")) || bytes.Contains(text, []byte("<head")) || bytes.Contains(text, []byte("<body")):
			return fmt.Errorf("the file is a web page (HTML), not an image: it was probably saved from the page that shows the image; save the image itself")
		case ext == ".svg":
			return fmt.Errorf("the file is not an SVG image: it has no <svg> element")
		}
		return fmt.Errorf("the file is not a JPEG, PNG, GIF, WebP or SVG image, whatever its name says (it may be damaged or in another format)")
	}
	cfg, err := decodeConfig(data)
	if err != nil {
		return fmt.Errorf("the file is a damaged %s image and cannot be read (%v): export or download it again", strings.ToUpper(string(img.Format)), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("the %s image has no pixels (%d×%d)", strings.ToUpper(string(img.Format)), cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return fmt.Errorf("the image is %d×%d pixels, more than the %d megapixels the generator processes: make it smaller (photos for the web need no more than 3,000 pixels across)", cfg.Width, cfg.Height, MaxPixels>>20)
	}
	if !complete(img.Format, data) {
		return fmt.Errorf("the %s image is incomplete (the file ends too early, as after an interrupted download or copy): export or download it again", strings.ToUpper(string(img.Format)))
	}
	img.Width, img.Height = cfg.Width, cfg.Height
	if img.Format == JPEG {
		img.Orientation = exifOrientation(data)
		if img.Orientation >= 5 { // turned a quarter: width and height swap
			img.Width, img.Height = img.Height, img.Width
		}
	}
	return nil
}

// complete reports whether data ends as a whole file of its format does.
func complete(f Format, data []byte) bool {
	tail := data[max(0, len(data)-4096):]
	switch f {
	case JPEG: // the End Of Image marker; cameras may pad after it
		return bytes.Contains(tail, []byte{0xff, 0xd9})
	case PNG:
		return bytes.Contains(tail, []byte("IEND\xaeB`\x82"))
	case GIF:
		t := bytes.TrimRight(tail, "\x00\r\n\t ") // padding a copy may add
		return len(t) > 0 && t[len(t)-1] == 0x3b
	case WebP:
		return int64(binary.LittleEndian.Uint32(data[4:8]))+8 <= int64(len(data))
	}
	return true
}

// exifOrientation returns the EXIF orientation of a JPEG file, 1 when it
// has none.
func exifOrientation(data []byte) int {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		if marker == 0xda || marker == 0xd9 { // start of scan: no more metadata
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2 : i+4]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 of the first IFD of a TIFF header.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:8]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[ifd : ifd+2]))
	for k := 0; k < count; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:e+2]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8 : e+10])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// sniffSVG reads the width and height of an SVG file's root element, or
// the size its viewBox gives.
func sniffSVG(img *Image, data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return fmt.Errorf("the SVG image cannot be read (%v)", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return fmt.Errorf("the SVG image's first element is <%s>, not <svg>", el.Name.Local)
		}
		var w, h float64
		var vb []float64
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = svgLength(a.Value)
			case "height":
				h = svgLength(a.Value)
			case "viewBox":
				for _, f := range strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' }) {
					v, err := strconv.ParseFloat(f, 64)
					if err != nil {
						break
					}
					vb = append(vb, v)
				}
			}
		}
		if len(vb) == 4 && vb[2] > 0 && vb[3] > 0 {
			switch {
			case w == 0 && h == 0:
				w, h = vb[2], vb[3]
			case w == 0:
				w = h * vb[2] / vb[3]
			case h == 0:
				h = w * vb[3] / vb[2]
			}
		}
		if w > 0 && h > 0 {
			img.Width, img.Height = int(w+0.5), int(h+0.5)
		}
		return nil
	}
}

// svgLength reads a length in user units or px; percentages and other
// units give 0 (unknown).
func svgLength(s string) float64 {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 {
		return 0
	}
	return v
}
