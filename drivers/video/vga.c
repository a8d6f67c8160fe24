/*
 * VGA text console (80x25 at 0xb8000), output only.  The screen keeps
 * scrolling; nothing here reads guest input.
 */
#include <xen/lib.h>
#include <xen/serial.h>
#include <asm/config.h>

#define COLS    80
#define ROWS    25
#define ATTR    0x07

static volatile uint16_t *screen;
static unsigned int col, row;

void vga_init(void)
{
    unsigned int i;

    screen = __va(0xb8000);
    for ( i = 0; i < COLS * ROWS; i++ )
        screen[i] = (ATTR << 8) | ' ';
    col = row = 0;
}

static void newline(void)
{
    unsigned int i;

    col = 0;
    if ( ++row < ROWS )
        return;
    for ( i = 0; i < COLS * (ROWS - 1); i++ )
        screen[i] = screen[i + COLS];
    for ( ; i < COLS * ROWS; i++ )
        screen[i] = (ATTR << 8) | ' ';
    row = ROWS - 1;
}

void vga_puts(const char *s, size_t n)
{
    if ( !screen )
        return;
    for ( ; n; n--, s++ )
    {
        if ( *s == '\n' )
            newline();
        else if ( *s != '\r' )
        {
            screen[row * COLS + col] = (ATTR << 8) | (uint8_t)*s;
            if ( ++col == COLS )
                newline();
        }
    }
}
