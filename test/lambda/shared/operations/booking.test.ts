import {
  escapeHtml,
  prepareBooking,
  QUERY_NOTE_BUDGET_BYTES,
} from '../../../../lambda/shared/operations/booking';

const CALLER = {
  customer_first_name: 'Robin',
  customer_last_name: 'Painter',
  customer_phone: '3125550142',
};

describe('prepareBooking', () => {
  it('escapes HTML in notes for the whiteboard', () => {
    // Act
    const { booking } = prepareBooking({
      ...CALLER,
      notes: '<script>alert("x")</script> & more',
    });

    // Assess
    expect(booking.note).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more',
    );
  });

  it('shortens a note too long for the request, with a warning', () => {
    // Act
    const { booking, warnings } = prepareBooking(
      { ...CALLER, notes: `${'"'.repeat(3990)}end` },
      { noteBudgetBytes: QUERY_NOTE_BUDGET_BYTES },
    );

    // Assess
    expect(Buffer.byteLength(booking.note ?? '')).toBeLessThanOrEqual(
      QUERY_NOTE_BUDGET_BYTES,
    );
    expect(booking.note?.endsWith('&quot;')).toBe(true);
    expect(warnings).toEqual([
      { field: 'notes', problem: expect.stringContaining('shortened') },
    ]);
  });

  it('keeps a note that fits as it is, without a warning', () => {
    // Act
    const { booking, warnings } = prepareBooking(
      { ...CALLER, notes: 'Two bedrooms, eggshell white' },
      { noteBudgetBytes: QUERY_NOTE_BUDGET_BYTES },
    );

    // Assess
    expect(booking.note).toBe('Two bedrooms, eggshell white');
    expect(warnings).toEqual([]);
  });

  it('keeps a long note whole when no budget applies', () => {
    // Act
    const { booking, warnings } = prepareBooking({
      ...CALLER,
      notes: 'é'.repeat(4000),
    });

    // Assess
    expect(booking.note).toHaveLength(4000);
    expect(warnings).toEqual([]);
  });

  it('summarises the appointment on the whiteboard when there are no notes', () => {
    // Act
    const { booking } = prepareBooking({
      ...CALLER,
      appointment_date: '2026-12-10',
      appointment_time: '10:30',
      project_type: 'Deck & fence',
    });

    // Assess
    expect(booking.note).toBe(
      `Appointment booked on 2026-12-10 at 10:30 for ${escapeHtml('Deck & fence')}`,
    );
  });
});
