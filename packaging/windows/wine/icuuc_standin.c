/* A stand-in for Windows' own icuuc.dll, used ONLY inside the throwaway Wine prefix of
 * scripts/test_windows.sh; it is never put in the installer.
 *
 * Qt 6 for Windows (PySide6-Essentials' Qt6Core.dll) links to icuuc.dll, which Windows 10 1903 and
 * later and Windows 11 carry in System32. Debian 12's Wine 8 has no icuuc.dll, so without this file
 * Qt6Core.dll cannot load under Wine at all ("DLL load failed while importing QtCore").
 * Qt6Core imports only ICU's character-set converters (ucnv_*, for QStringConverter's legacy
 * encodings); this stand-in says no converter is available, so Qt falls back to its own UTF-8/UTF-16/
 * Latin-1 codecs, which are all carehome-desk uses. Built with Debian's gcc-mingw-w64-x86-64-win32.
 */
#include <stddef.h>
#include <stdint.h>
typedef int UErrorCode;
#define U_FILE_ACCESS_ERROR 4
#define API __declspec(dllexport)
static void fail(UErrorCode *e) { if (e && *e <= 0) *e = U_FILE_ACCESS_ERROR; }

API void *ucnv_open(const char *name, UErrorCode *e) { (void)name; fail(e); return NULL; }
API void ucnv_close(void *c) { (void)c; }
API void ucnv_reset(void *c) { (void)c; }
API int8_t ucnv_getMaxCharSize(const void *c) { (void)c; return 1; }
API const char *ucnv_getName(const void *c, UErrorCode *e) { (void)c; fail(e); return ""; }
API const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { (void)n; (void)s; fail(e); return NULL; }
API int32_t ucnv_countAvailable(void) { return 0; }
API const char *ucnv_getAvailableName(int32_t i) { (void)i; return NULL; }
API void ucnv_getToUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
API void ucnv_getFromUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
API void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *e) { (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(e); }
API void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *e) { (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(e); }
API void ucnv_cbToUWriteUChars(void *a, const uint16_t *s, int32_t l, int32_t o, UErrorCode *e) { (void)a; (void)s; (void)l; (void)o; fail(e); }
API void ucnv_cbFromUWriteUChars(void *a, const uint16_t **s, const uint16_t *l, int32_t o, UErrorCode *e) { (void)a; (void)s; (void)l; (void)o; fail(e); }
API void ucnv_toUnicode(void *c, uint16_t **t, const uint16_t *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e); }
API void ucnv_fromUnicode(void *c, char **t, const char *tl, const uint16_t **s, const uint16_t *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e); }
API int32_t ucnv_toUCountPending(const void *c, UErrorCode *e) { (void)c; fail(e); return 0; }
API int32_t ucnv_fromUCountPending(const void *c, UErrorCode *e) { (void)c; fail(e); return 0; }
API void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const uint16_t *c, int32_t d, int32_t f, int g, UErrorCode *e) { (void)a; (void)b; (void)c; (void)d; (void)f; (void)g; fail(e); }
API void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int32_t d, int g, UErrorCode *e) { (void)a; (void)b; (void)c; (void)d; (void)g; fail(e); }
