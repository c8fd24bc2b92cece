module rogue

go 1.22
