#ifndef LOOSELYCOUPLED_LIBFUZZER_H
#define LOOSELYCOUPLED_LIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt's FuzzerInterface.h): parses libFuzzer's options from
/// `argc`/`argv` and runs `callback` on each input until a time or run limit, or a crash.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
