#include <xlsxwriter.h>
/* mallopt: libxlsxwriter's zlib states are kept for reuse (WorkbookWriter.keepFreedMemory). */
#include <malloc.h>
