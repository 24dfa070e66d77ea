import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateCurrencyRateBody, UpdateCurrencyRateBody } from '@relata/shared';
import { contractResolver, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import { RecordFormError } from '../../components/records/record-form';
import { type CurrencyRateWire, useCreateRate, useUpdateRate } from './currencies-api';

const FIELDS = ['currency', 'rate', 'valid_from'] as const;

/** Today as `YYYY-MM-DD` (UTC, the day rates are keyed by). */
const todayUtc = () => new Date().toISOString().slice(0, 10);

function RateForm({
  rate,
  reporting,
  currency,
  onDone,
}: {
  rate?: CurrencyRateWire;
  reporting: string;
  currency?: string;
  onDone: () => void;
}) {
  const create = useCreateRate();
  const update = useUpdateRate();
  const mutation = rate ? update : create;
  const check = contractResolver<Record<string, unknown>>(rate ? UpdateCurrencyRateBody : CreateCurrencyRateBody);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      currency: rate?.currency ?? currency ?? '',
      rate: rate?.rate ?? '',
      valid_from: rate?.valid_from ?? todayUtc(),
    },
    validate: (v) => {
      const errors = check(v);
      if (!errors.currency && v.currency.trim().toUpperCase() === reporting)
        errors.currency = `${reporting} is the reporting currency; it needs no rate`;
      return errors;
    },
  });
  const code = form.values.currency.trim().toUpperCase() || '…';
  const submit = form.onSubmit((values) => {
    const handlers = {
      onSuccess: (saved: CurrencyRateWire) => {
        notifySuccess(`1 ${saved.currency} = ${saved.rate} ${reporting} from ${saved.valid_from}`);
        onDone();
      },
      onError: (err: unknown) => setServerFieldErrors(form, err, FIELDS),
    };
    if (rate) update.mutate({ id: rate.id, version: rate.version, ...values }, handlers);
    else create.mutate(values, handlers);
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <RecordFormError
          error={mutation.error}
          what="rate"
          fields={FIELDS}
          onReload={onDone}
          duplicate={() => ({ label: 'This currency and day', href: '/settings/currencies', name: 'another rate' })}
        />
        <TextInput
          label="Currency"
          description="ISO 4217 code, e.g. EUR"
          required
          maxLength={3}
          data-autofocus
          {...form.getInputProps('currency')}
          onChange={(e) => form.setFieldValue('currency', e.currentTarget.value.toUpperCase())}
        />
        <TextInput
          label="Rate"
          description={`1 ${code} = this many ${reporting}`}
          required
          inputMode="decimal"
          placeholder="1.0825"
          rightSection={reporting}
          rightSectionWidth={48}
          {...form.getInputProps('rate')}
        />
        <TextInput
          label="Valid from"
          description="First day (UTC) the rate applies; it holds until the next rate of the currency"
          type="date"
          required
          {...form.getInputProps('valid_from')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {rate ? 'Save' : 'Add rate'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * "Add a rate" / "Edit rate": currency, rate (decimal string, > 0, ≤ 12 decimals) and the day it
 * applies from, validated with the shared contract; server issues land on their fields, a
 * duplicate currency + day (409) on "Valid from".
 */
export function RateModal({
  opened,
  rate,
  reporting,
  currency,
  onClose,
}: {
  opened: boolean;
  rate?: CurrencyRateWire;
  reporting: string;
  /** Preselected currency for a new rate. */
  currency?: string;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={rate ? `Edit ${rate.currency} rate` : 'Add a rate'}>
      <RateForm
        key={rate?.id ?? `new-${currency ?? ''}`}
        rate={rate}
        reporting={reporting}
        currency={currency}
        onDone={onClose}
      />
    </Modal>
  );
}
