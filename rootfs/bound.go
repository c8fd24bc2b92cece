package rootfs

import (
	"archive/tar"

	"github.com/burk-tui/burk/internal/i18n"
)

// extractMargin is what extraction leaves free on the filesystem the root
// filesystem goes to: a tenth of what was free, and at least 16 MiB. A
// disk filled to the last block breaks whatever else writes to it (the
// learner's editor, the system's journal), and the archive's headers
// count bytes, while the filesystem also spends blocks on directories,
// inodes and the skeleton burk adds after the archive.
func extractMargin(free int64) int64 { return max(free/10, 16<<20) }

// count adds an entry to the running totals before anything of it is
// written, and refuses the archive when they pass the fixed bound or the
// room on the disk. Every entry's size is counted from its header: tar
// yields no more than that, so nothing past either bound is ever written,
// or even decompressed.
func (x *extractor) count(file string, h *tar.Header) error {
	x.total += h.Size
	if h.Size > 0 && x.block > 0 {
		x.used += (h.Size + x.block - 1) / x.block * x.block
	}
	refuse := &TooLargeError{File: file, Entry: h.Name, Size: h.Size, Total: x.total, Used: x.used, Bound: maxExtractBytes,
		Free: x.free, Margin: extractMargin(x.free)}
	if h.Size < 0 || x.total > maxExtractBytes {
		return refuse
	}
	if x.used > x.free-refuse.Margin {
		refuse.Disk = true
		return refuse
	}
	return nil
}

// TooLargeError is an archive refused for what it unpacks to: more than
// the fixed bound for any archive, or (Disk) more than the free space
// where the root filesystem goes, less a margin. The refused build leaves
// nothing behind.
type TooLargeError struct {
	File, Entry string
	Size        int64 // the entry's size, as its header says
	Total       int64 // what the headers claim so far, this entry's included
	Used        int64 // the same in whole blocks of the filesystem
	Bound       int64 // the most burk extracts from any archive
	Free        int64 // the bytes free where the rootfs goes, before extraction
	Margin      int64 // what extraction leaves of Free
	Disk        bool  // refused for the room on the disk, not the bound
}

func (e *TooLargeError) Error() string { return e.In(i18n.English) }

// In is the refusal in lang, with both figures: the fixed bound and the
// room on the disk.
func (e *TooLargeError) In(lang i18n.Lang) string {
	if e.Disk {
		return i18n.T("%s unpacks to more than the disk has room for (%s up to and including %q): %s is free where the root filesystem goes, and burk keeps %s of it free; the bound for any archive is %s. Refusing it; nothing was kept",
			e.File, sizeString(e.Used), e.Entry, sizeString(e.Free), sizeString(e.Margin), sizeString(e.Bound)).In(lang)
	}
	return i18n.T("%s unpacks to more than %s (at %q, which says it holds %d bytes): more than any root filesystem burk needs (%s is free where it goes); refusing it, as it may be a decompression bomb",
		e.File, sizeString(e.Bound), e.Entry, e.Size, sizeString(e.Free)).In(lang)
}
