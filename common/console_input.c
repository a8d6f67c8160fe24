/*
 * Serial console input: who gets the bytes typed on COM1/COM2.
 *
 * Input goes either to the hypervisor, where each byte is a debug key
 * (common/keyhandler.c), or to the hardware domain, which reads it with
 * CONSOLEIO_read after VIRQ_CONSOLE (common/console_io.c).  It starts with
 * the hypervisor; console_endboot() hands it to dom0 unless conswitch=
 * says otherwise or there is no dom0.  Typing the switch character
 * (conswitch=, Ctrl-A by default) three times in a row moves it to the
 * other side.  As in Xen, switch characters are held back while a run of
 * them may still become a switch: a run shorter than three is passed on,
 * before the byte that broke it.
 *
 * Contexts: bytes arrive from the UART's interrupt (in_irq) or its
 * polling timer (softirq).  What cannot run there (raising the VIRQ,
 * whose event lock is not interrupt-safe, and debug keys not marked
 * irq_ok) is left to CONSOLE_INPUT_SOFTIRQ on the same CPU.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/errno.h>
#include <xen/console.h>
#include <xen/keyhandler.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/serial.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <asm/guest_access.h>

/*
 * conswitch=<letter>[x]: Ctrl-<letter> three times switches input; a
 * trailing x keeps input with the hypervisor at the end of boot.  Any
 * other first character disables switching.
 */
static char opt_conswitch[3] = "a";
string_param("conswitch", opt_conswitch);

static unsigned char switch_code(void)
{
    char c = opt_conswitch[0];

    return c >= 'a' && c <= 'z' ? c - 'a' + 1 : 0;
}

/*
 * The hardware domain's input ring (Xen's size: input beyond it while
 * dom0 does not read is dropped).  rx_prod and rx_cons run freely;
 * rx_prod - rx_cons <= RX_RING_SIZE.  Under input_lock: rx_prod (moved by
 * the producer, the UART's interrupt or timer), to_dom0, switch_run and
 * the key queue, and every move of rx_cons.  rx_cons is moved only by a
 * reader holding read_lock, so it may read rx_cons without input_lock,
 * and the bytes between rx_cons and rx_prod stay put while it copies them.
 */
#define RX_RING_SIZE 128
#define KEY_QUEUE_SIZE 16

static DEFINE_SPINLOCK(input_lock);
static DEFINE_SPINLOCK(read_lock);
static char rx_ring[RX_RING_SIZE];
static unsigned int rx_prod, rx_cons;
static bool to_dom0;                    /* else to the hypervisor */
static unsigned int switch_run;         /* switch characters held back */
static bool notify_dom0;                /* VIRQ_CONSOLE owed */

/* Debug keys waiting for the softirq. */
static unsigned char key_queue[KEY_QUEUE_SIZE];
static unsigned int key_prod, key_cons;

static void print_input_owner(void)
{
    unsigned char code = switch_code();

    if ( to_dom0 )
        printk("*** Serial input to DOM%u", hardware_domain->domain_id);
    else
        printk("*** Serial input to Xen");
    if ( code )
        printk(" (type 'CTRL-%c' three times to switch input)", opt_conswitch[0]);
    printk("\n");
}

/* Without a hardware domain input stays with the hypervisor. */
static void switch_input(void)
{
    unsigned long flags;

    spin_lock_irqsave(&input_lock, flags);
    to_dom0 = !to_dom0 && hardware_domain;
    spin_unlock_irqrestore(&input_lock, flags);
    print_input_owner();
}

/*
 * One byte for its owner; input_lock held.  Keys the hypervisor may run
 * here and now go to now[] (run once the lock is dropped).
 */
static void deliver(unsigned char c, bool in_irq, unsigned char *now,
                    unsigned int *nr_now)
{
    if ( to_dom0 )
    {
        if ( rx_prod - rx_cons < RX_RING_SIZE )
            rx_ring[rx_prod++ % RX_RING_SIZE] = c;
        /* Even when full, as Xen: a reader that missed one catches up. */
        notify_dom0 = true;
        raise_softirq(CONSOLE_INPUT_SOFTIRQ);
    }
    else if ( !in_irq || keyhandler_irq_ok(c) )
        now[(*nr_now)++] = c;
    else if ( key_prod - key_cons < KEY_QUEUE_SIZE )
    {
        key_queue[key_prod++ % KEY_QUEUE_SIZE] = c;
        raise_softirq(CONSOLE_INPUT_SOFTIRQ);
    }
}

static void console_rx(unsigned char c, bool in_irq)
{
    unsigned char code = switch_code(), now[3];
    unsigned int i, nr_now = 0;
    bool do_switch = false;
    unsigned long flags;

    spin_lock_irqsave(&input_lock, flags);
    if ( code && c == code )
    {
        do_switch = ++switch_run == 3;
        if ( do_switch )
            switch_run = 0;
    }
    else
    {
        /* At most two held back, plus c: now[] has room. */
        for ( ; switch_run; switch_run-- )
            deliver(code, in_irq, now, &nr_now);
        deliver(c, in_irq, now, &nr_now);
    }
    spin_unlock_irqrestore(&input_lock, flags);

    if ( do_switch )
        switch_input();
    for ( i = 0; i < nr_now; i++ )
        handle_keypress(now[i]);
}

static void console_input_softirq(void)
{
    unsigned long flags;
    bool notify;
    unsigned char key;

    spin_lock_irqsave(&input_lock, flags);
    notify = notify_dom0;
    notify_dom0 = false;
    spin_unlock_irqrestore(&input_lock, flags);
    if ( notify )
        send_guest_global_virq(hardware_domain, VIRQ_CONSOLE);

    for ( ; ; )
    {
        spin_lock_irqsave(&input_lock, flags);
        if ( key_cons == key_prod )
        {
            spin_unlock_irqrestore(&input_lock, flags);
            break;
        }
        key = key_queue[key_cons++ % KEY_QUEUE_SIZE];
        spin_unlock_irqrestore(&input_lock, flags);
        handle_keypress(key);
    }
}

void console_input_start(unsigned int uart)
{
    open_softirq(CONSOLE_INPUT_SOFTIRQ, console_input_softirq);
    ns16550_input_start(uart, console_rx);
}

void console_endboot(void)
{
    if ( hardware_domain && opt_conswitch[1] != 'x' )
        switch_input();
    else
        print_input_owner();
}

/*
 * Xen's CONSOLEIO_read: the ring is copied out in its contiguous pieces;
 * a piece that cannot be written fails the call with -EFAULT and stays
 * in the ring, the pieces before it are consumed.  Nothing is written
 * when nothing is buffered.
 */
long console_input_read(unsigned long buf, unsigned int count)
{
    char chunk[RX_RING_SIZE];
    unsigned int done = 0, prod, idx, len;
    unsigned long flags;
    long rc = 0;

    spin_lock(&read_lock);
    for ( ; ; )
    {
        spin_lock_irqsave(&input_lock, flags);
        prod = rx_prod;
        spin_unlock_irqrestore(&input_lock, flags);
        if ( done >= count || rx_cons == prod )
            break;
        idx = rx_cons % RX_RING_SIZE;
        len = min(prod - rx_cons, RX_RING_SIZE - idx);
        len = min(len, count - done);
        memcpy(chunk, &rx_ring[idx], len);
        if ( copy_to_guest(buf + done, chunk, len) )
        {
            rc = -EFAULT;
            break;
        }
        done += len;
        spin_lock_irqsave(&input_lock, flags);
        rx_cons += len;
        spin_unlock_irqrestore(&input_lock, flags);
    }
    spin_unlock(&read_lock);
    return rc ?: done;
}
