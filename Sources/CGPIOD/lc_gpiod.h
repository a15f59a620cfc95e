#ifndef LOOSELYCOUPLED_CGPIOD_LC_GPIOD_H
#define LOOSELYCOUPLED_CGPIOD_LC_GPIOD_H

// One small API over libgpiod 1.x and 2.x, so that the Swift hardware backend is written once.
//
// Swift cannot `#if` on what a C header defines, and the two libgpiod APIs share no line-level
// calls, so the version switch lives here, decided by the very header being compiled against:
// the backend can never be built for one API and linked against the other. These functions only
// translate calls; every decision (lookups, errors, retries, debounce policy, lifetimes) stays in
// Swift. Each returns -1 or NULL with errno set, as libgpiod does, and preserves errno across
// its own clean-up.

#include <errno.h>
#include <gpiod.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// libgpiod 1.x's header defines GPIOD_API and GPIOD_BIT; 2.x's defines no macro but its guard.
#if defined(GPIOD_BIT) || defined(GPIOD_API)
#define LC_GPIOD_API 1
#else
#define LC_GPIOD_API 2
#endif

/// The libgpiod API this module was compiled against: 1 or 2.
static const int lc_gpiod_api = LC_GPIOD_API;

/// Room for a chip or line name, label or consumer (the kernel allows 31 bytes).
#define LC_GPIOD_NAME_SIZE 64

typedef struct {
    char name[LC_GPIOD_NAME_SIZE];
    char label[LC_GPIOD_NAME_SIZE];
    unsigned int num_lines;
} lc_gpiod_chip_info;

typedef struct {
    char name[LC_GPIOD_NAME_SIZE];
    char consumer[LC_GPIOD_NAME_SIZE];
    bool used;
} lc_gpiod_line_info;

typedef enum {
    LC_GPIOD_BIAS_AS_IS = 0,
    LC_GPIOD_BIAS_DISABLED = 1,
    LC_GPIOD_BIAS_PULL_UP = 2,
    LC_GPIOD_BIAS_PULL_DOWN = 3,
} lc_gpiod_bias;

typedef struct {
    unsigned int offset;
    bool output;
    bool active_low;
    /// Inputs only.
    lc_gpiod_bias bias;
    /// Inputs only: report both edges.
    bool edges;
    /// Inputs with edges, libgpiod 2 only; 0 for none.
    unsigned long debounce_us;
    /// Outputs only: the logical level the line starts at.
    int initial_value;
} lc_gpiod_line_config;

typedef struct {
    uint64_t timestamp_ns;
    unsigned int offset;
    /// Logical: true for inactive to active.
    bool rising;
} lc_gpiod_edge;

/// One requested line, independent of any chip handle the caller holds.
typedef struct lc_gpiod_request lc_gpiod_request;

static inline void lc_gpiod_copy_name(char *destination, const char *source) {
    if (source == NULL) {
        destination[0] = '\0';
        return;
    }
    strncpy(destination, source, LC_GPIOD_NAME_SIZE - 1);
    destination[LC_GPIOD_NAME_SIZE - 1] = '\0';
}

static inline struct gpiod_chip *lc_gpiod_chip_open(const char *path) {
    return gpiod_chip_open(path);
}

static inline void lc_gpiod_chip_close(struct gpiod_chip *chip) {
    gpiod_chip_close(chip);
}

/// The library's own version, such as "1.6.3" or "2.1.3".
static inline const char *lc_gpiod_version(void) {
#if LC_GPIOD_API == 1
    return gpiod_version_string();
#else
    return gpiod_api_version();
#endif
}

static inline int lc_gpiod_chip_get_info(struct gpiod_chip *chip, lc_gpiod_chip_info *out) {
#if LC_GPIOD_API == 1
    lc_gpiod_copy_name(out->name, gpiod_chip_name(chip));
    lc_gpiod_copy_name(out->label, gpiod_chip_label(chip));
    out->num_lines = gpiod_chip_num_lines(chip);
    return 0;
#else
    struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
    if (info == NULL) return -1;
    lc_gpiod_copy_name(out->name, gpiod_chip_info_get_name(info));
    lc_gpiod_copy_name(out->label, gpiod_chip_info_get_label(info));
    out->num_lines = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return 0;
#endif
}

static inline int lc_gpiod_chip_get_line_info(struct gpiod_chip *chip, unsigned int offset, lc_gpiod_line_info *out) {
#if LC_GPIOD_API == 1
    struct gpiod_line *line = gpiod_chip_get_line(chip, offset);
    if (line == NULL) return -1;
    lc_gpiod_copy_name(out->name, gpiod_line_name(line));
    lc_gpiod_copy_name(out->consumer, gpiod_line_consumer(line));
    out->used = gpiod_line_is_used(line);
    return 0;
#else
    struct gpiod_line_info *info = gpiod_chip_get_line_info(chip, offset);
    if (info == NULL) return -1;
    lc_gpiod_copy_name(out->name, gpiod_line_info_get_name(info));
    lc_gpiod_copy_name(out->consumer, gpiod_line_info_get_consumer(info));
    out->used = gpiod_line_info_is_used(info);
    gpiod_line_info_free(info);
    return 0;
#endif
}

#if LC_GPIOD_API == 1

struct lc_gpiod_request {
    // libgpiod 1 lines belong to a chip handle: each request keeps one of its own.
    struct gpiod_chip *chip;
    struct gpiod_line *line;
    unsigned int offset;
};

static inline lc_gpiod_request *lc_gpiod_request_line(const char *chip_path, const char *consumer, const lc_gpiod_line_config *config) {
    struct gpiod_line_request_config settings = {
        .consumer = consumer,
        .request_type = config->output ? GPIOD_LINE_REQUEST_DIRECTION_OUTPUT
                        : config->edges ? GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES
                                        : GPIOD_LINE_REQUEST_DIRECTION_INPUT,
        .flags = 0,
    };
    if (config->active_low) settings.flags |= GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW;
    if (!config->output) {
        switch (config->bias) {
        case LC_GPIOD_BIAS_DISABLED: settings.flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE; break;
        case LC_GPIOD_BIAS_PULL_UP: settings.flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP; break;
        case LC_GPIOD_BIAS_PULL_DOWN: settings.flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN; break;
        case LC_GPIOD_BIAS_AS_IS: break;
        }
    }
    lc_gpiod_request *request = calloc(1, sizeof(*request));
    if (request == NULL) return NULL;
    request->offset = config->offset;
    request->chip = gpiod_chip_open(chip_path);
    if (request->chip == NULL) goto failed;
    request->line = gpiod_chip_get_line(request->chip, config->offset);
    if (request->line == NULL) goto failed;
    if (gpiod_line_request(request->line, &settings, config->initial_value) < 0) goto failed;
    return request;
failed:;
    int saved = errno;
    if (request->chip != NULL) gpiod_chip_close(request->chip);
    free(request);
    errno = saved;
    return NULL;
}

static inline void lc_gpiod_request_release(lc_gpiod_request *request) {
    gpiod_line_release(request->line);
    gpiod_chip_close(request->chip);
    free(request);
}

static inline int lc_gpiod_request_get_value(lc_gpiod_request *request) {
    return gpiod_line_get_value(request->line);
}

static inline int lc_gpiod_request_set_value(lc_gpiod_request *request, int value) {
    return gpiod_line_set_value(request->line, value);
}

static inline int lc_gpiod_request_get_fd(lc_gpiod_request *request) {
    return gpiod_line_event_get_fd(request->line);
}

/// Reads up to `max` (at most 64) pending edges; -1 with EAGAIN when none is pending on a
/// non-blocking descriptor.
static inline int lc_gpiod_request_read_edges(lc_gpiod_request *request, lc_gpiod_edge *out, unsigned int max) {
    struct gpiod_line_event events[64];
    if (max > 64) max = 64;
    int count = gpiod_line_event_read_multiple(request->line, events, max);
    for (int index = 0; index < count; index++) {
        out[index].timestamp_ns = (uint64_t)events[index].ts.tv_sec * 1000000000u + (uint64_t)events[index].ts.tv_nsec;
        out[index].offset = request->offset;
        out[index].rising = events[index].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
    }
    return count;
}

#else

struct lc_gpiod_request {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *buffer;
    unsigned int offset;
};

static inline lc_gpiod_request *lc_gpiod_request_line(const char *chip_path, const char *consumer, const lc_gpiod_line_config *config) {
    lc_gpiod_request *request = calloc(1, sizeof(*request));
    if (request == NULL) return NULL;
    request->offset = config->offset;
    unsigned int offset = config->offset;
    struct gpiod_chip *chip = NULL;
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    if (settings == NULL || line_config == NULL || request_config == NULL) goto done;
    if (config->output) {
        if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT) < 0) goto done;
        if (gpiod_line_settings_set_output_value(settings, config->initial_value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0) goto done;
    } else {
        if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT) < 0) goto done;
        enum gpiod_line_bias bias = GPIOD_LINE_BIAS_AS_IS;
        switch (config->bias) {
        case LC_GPIOD_BIAS_DISABLED: bias = GPIOD_LINE_BIAS_DISABLED; break;
        case LC_GPIOD_BIAS_PULL_UP: bias = GPIOD_LINE_BIAS_PULL_UP; break;
        case LC_GPIOD_BIAS_PULL_DOWN: bias = GPIOD_LINE_BIAS_PULL_DOWN; break;
        case LC_GPIOD_BIAS_AS_IS: break;
        }
        if (gpiod_line_settings_set_bias(settings, bias) < 0) goto done;
        if (config->edges) {
            if (gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_BOTH) < 0) goto done;
            gpiod_line_settings_set_debounce_period_us(settings, config->debounce_us);
            if (gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC) < 0) goto done;
        }
    }
    gpiod_line_settings_set_active_low(settings, config->active_low);
    if (gpiod_line_config_add_line_settings(line_config, &offset, 1, settings) < 0) goto done;
    gpiod_request_config_set_consumer(request_config, consumer);
    if (config->edges) {
        request->buffer = gpiod_edge_event_buffer_new(64);
        if (request->buffer == NULL) goto done;
    }
    chip = gpiod_chip_open(chip_path);
    if (chip == NULL) goto done;
    // The request keeps its own descriptor: the chip handle is not needed afterwards.
    request->request = gpiod_chip_request_lines(chip, request_config, line_config);
done:;
    int saved = errno;
    if (chip != NULL) gpiod_chip_close(chip);
    if (request_config != NULL) gpiod_request_config_free(request_config);
    if (line_config != NULL) gpiod_line_config_free(line_config);
    if (settings != NULL) gpiod_line_settings_free(settings);
    if (request->request == NULL) {
        if (request->buffer != NULL) gpiod_edge_event_buffer_free(request->buffer);
        free(request);
        errno = saved != 0 ? saved : ENOMEM;
        return NULL;
    }
    errno = saved;
    return request;
}

static inline void lc_gpiod_request_release(lc_gpiod_request *request) {
    gpiod_line_request_release(request->request);
    if (request->buffer != NULL) gpiod_edge_event_buffer_free(request->buffer);
    free(request);
}

static inline int lc_gpiod_request_get_value(lc_gpiod_request *request) {
    return (int)gpiod_line_request_get_value(request->request, request->offset);
}

static inline int lc_gpiod_request_set_value(lc_gpiod_request *request, int value) {
    return gpiod_line_request_set_value(request->request, request->offset, value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
}

static inline int lc_gpiod_request_get_fd(lc_gpiod_request *request) {
    return gpiod_line_request_get_fd(request->request);
}

/// Reads up to `max` (at most 64) pending edges; -1 with EAGAIN when none is pending on a
/// non-blocking descriptor.
static inline int lc_gpiod_request_read_edges(lc_gpiod_request *request, lc_gpiod_edge *out, unsigned int max) {
    if (request->buffer == NULL) {
        errno = EINVAL;
        return -1;
    }
    if (max > 64) max = 64;
    int count = gpiod_line_request_read_edge_events(request->request, request->buffer, max);
    for (int index = 0; index < count; index++) {
        struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(request->buffer, (unsigned long)index);
        out[index].timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
        out[index].offset = gpiod_edge_event_get_line_offset(event);
        out[index].rising = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE;
    }
    return count;
}

#endif

#endif
