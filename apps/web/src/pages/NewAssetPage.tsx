import { can } from '@itam/domain';
import { Link, useNavigate } from 'react-router';
import { trpc } from '../api/trpc.ts';
import { AssetForm } from '../assets/AssetForm.tsx';
import { type AssetField, EMPTY_ASSET, toCreateInput } from '../assets/assetForm.ts';
import { assetSaveError } from '../assets/serverErrors.ts';
import { FormPage, useFormErrors } from '../components/FormPage.tsx';
import { useToast } from '../components/Toasts.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

export function NewAssetPage() {
  useDocumentTitle('New asset');
  const user = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const form = useFormErrors<Partial<Record<AssetField, string>>>();

  const create = trpc.assets.create.useMutation({
    onSuccess: (asset) => {
      utils.assets.get.setData({ id: asset.id }, asset);
      void utils.assets.list.invalidate();
      toast(`Created ${asset.tag}.`);
      navigate(`/assets/${asset.id}`);
    },
    onError: (error) => {
      const refusal = assetSaveError(error);
      form.showServerError(refusal);
      const first = Object.keys(refusal.fieldErrors)[0];
      if (first) document.getElementById(`asset-${first}`)?.focus();
    },
  });

  if (!can(user, 'asset.create')) return <NoAccess />;

  return (
    <FormPage crumbs={[{ to: '/assets', label: 'Assets' }]} current="New" title="New asset">
      <AssetForm
        mode="create"
        initial={EMPTY_ASSET}
        errors={form.errors}
        formError={form.formError}
        busy={create.isPending}
        cancel={
          <Link to="/assets" className="button">
            Cancel
          </Link>
        }
        onSubmit={(values) => form.check(toCreateInput(values), (input) => create.mutate(input))}
      />
    </FormPage>
  );
}
